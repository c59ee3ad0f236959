import { describe, expect, it } from 'vitest';
import { evalReducer, evalTarget } from '../../src/app/state/eval-reducer.js';
import { isEvalAction, type EvalAction, type Miss } from '../../src/app/state/eval-state.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import type { ModelReport } from '../../src/core/eval-report.js';
import { jobState } from './job-fixtures.js';

// The evaluation screen as pure transitions: what it scores, which phase takes which action, the list
// of wrong answers and what Esc restores. States are built inside each test (never at import).

type Job = Extract<WizardState, { screen: 'job' }>;
type Eval = Extract<WizardState, { screen: 'eval' }>;
const run = (state: WizardState, ...actions: EvalAction[]) => actions.reduce(evalReducer, state);
const succeeded = (over: Partial<Job> = {}): Job => ({
  ...(jobState({ status: 'succeeded', fine_tuned_model: 'ft:local-small:tix' }) as Job),
  ...over,
});
const withRecord = (record: Partial<Job['panel']['record']>): Job => {
  const s = succeeded();
  return { ...s, panel: { ...s.panel, record: { ...s.panel.record, ...record } } };
};
const opened = (): Eval => run(succeeded(), { type: 'open-eval' }) as Eval;
const miss = (index: number): Miss => ({
  index,
  asked: { prompt: `q${index}` } as never,
  question: `q${index}`,
  expected: 'a',
  answer: 'b',
  flipped: false,
});
const REPORTS = [{ model: 'ft:local-small:tix' }] as unknown as ModelReport[];
const done = (misses: Miss[] = [miss(3), miss(7), miss(9)]): Eval =>
  run(opened(), { type: 'eval-done', reports: REPORTS, misses }) as Eval;
const view = (s: WizardState) =>
  (s as Eval).run.phase === 'done' && ((s as Eval).run as { view: unknown }).view;

describe('what is scored', () => {
  it('the new model and its base on the training file when there is no validation file', () => {
    expect(evalTarget(succeeded())).toEqual({
      file: '/data/t.jsonl',
      onTraining: true,
      models: ['ft:local-small:tix', 'local-small'],
    });
  });

  it('the validation file when there is one; the model alone when it is its own base', () => {
    const valid = withRecord({ validationFile: { id: 'f2', path: '/data/v.jsonl' } });
    expect(evalTarget(valid)).toMatchObject({ file: '/data/v.jsonl', onTraining: false });
    expect(evalTarget(withRecord({ model: 'ft:local-small:tix' }))?.models).toEqual(['ft:local-small:tix']);
  });

  it('nothing until the job succeeded with a model', () => {
    expect(evalTarget(jobState({ status: 'running' }) as Job)).toBeNull();
    expect(evalTarget(jobState({ status: 'succeeded', fine_tuned_model: null }) as Job)).toBeNull();
    expect(evalTarget(jobState({ status: 'failed', fine_tuned_model: 'ft:x' }) as Job)).toBeNull();
  });
});

describe('opening and closing', () => {
  it('opens running from a succeeded job, keeping the panel, the rescue and the retry', () => {
    const s = succeeded({ rescue: { r: 1 } as never, retry: { t: 1 } as never });
    const next = run(s, { type: 'open-eval' }) as Eval;
    expect(next).toMatchObject({
      screen: 'eval',
      file: '/data/t.csv',
      panel: s.panel,
      rescue: { r: 1 },
      retry: { t: 1 },
      run: { phase: 'running', done: 0, total: 0, note: null },
    });
    expect('rescue' in (run(succeeded(), { type: 'open-eval' }) as Eval)).toBe(false);
    expect('retry' in (run(succeeded(), { type: 'open-eval' }) as Eval)).toBe(false);
    // Esc goes back to the same panel, with what it carried.
    const back = run(next, { type: 'eval-close' });
    expect(back).toEqual({
      screen: 'job',
      file: '/data/t.csv',
      panel: s.panel,
      rescue: { r: 1 },
      retry: { t: 1 },
    });
    expect(run(opened(), { type: 'eval-close' })).toEqual({
      screen: 'job',
      file: '/data/t.csv',
      panel: s.panel,
    });
  });

  it("checkpoints: scores the job's checkpoints instead of the two models", () => {
    const next = run(succeeded(), { type: 'open-eval', checkpoints: true }) as Eval;
    expect(next.target).toMatchObject({ models: [], checkpointsOf: 'ftjob-test1', onTraining: true });
  });

  it('does not open before the job succeeded, nor from another screen', () => {
    const running = jobState();
    expect(run(running, { type: 'open-eval' })).toBe(running);
    const other = { screen: 'load' } as unknown as WizardState;
    expect(run(other, { type: 'open-eval' })).toBe(other);
    expect(run(other, { type: 'eval-close' })).toBe(other);
  });
});

describe('a run', () => {
  it('counts progress and says why it waits; progress clears the note', () => {
    const waiting = run(opened(), { type: 'eval-note', note: 'rate limited' }) as Eval;
    expect(waiting.run).toMatchObject({ note: 'rate limited' });
    expect((run(waiting, { type: 'eval-progress', done: 2, total: 5 }) as Eval).run).toEqual({
      phase: 'running',
      done: 2,
      total: 5,
      note: null,
    });
  });

  it('ends done with the reports and misses, or failed; late progress then changes nothing', () => {
    expect(done().run).toEqual({
      phase: 'done',
      reports: REPORTS,
      scroll: 0,
      misses: [miss(3), miss(7), miss(9)],
      view: { mode: 'report' },
      corrected: [],
      moved: [],
      corrections: null,
    });
    const noMisses = run(opened(), { type: 'eval-done', reports: REPORTS }) as Eval;
    expect(noMisses.run).toMatchObject({ misses: [] });
    const finished = done();
    for (const late of [
      { type: 'eval-progress', done: 1, total: 2 },
      { type: 'eval-note', note: 'x' },
      { type: 'eval-done', reports: [] },
      { type: 'eval-failed', error: { kind: 'network', message: 'x' } },
    ] as EvalAction[])
      expect(run(finished, late)).toBe(finished);
    const error = { kind: 'network', message: 'down' } as never;
    const failed = run(opened(), { type: 'eval-failed', error }) as Eval;
    expect(failed.run).toEqual({ phase: 'failed', error });
  });

  it('scrolls the report within 0 and the max, only when done', () => {
    expect((run(done(), { type: 'eval-scroll', delta: 3, max: 10 }) as Eval).run).toMatchObject({
      scroll: 3,
    });
    expect((run(done(), { type: 'eval-scroll', delta: 30, max: 10 }) as Eval).run).toMatchObject({
      scroll: 10,
    });
    expect((run(done(), { type: 'eval-scroll', delta: -3, max: 10 }) as Eval).run).toMatchObject({
      scroll: 0,
    });
    expect((run(done(), { type: 'eval-scroll', delta: 3, max: -1 }) as Eval).run).toMatchObject({
      scroll: 0,
    });
    const running = opened();
    expect(run(running, { type: 'eval-scroll', delta: 1, max: 5 })).toBe(running);
    expect(run(running, { type: 'eval-misses', open: true })).toBe(running);
  });
});

describe('the wrong answers', () => {
  it('opens the list at the top when there are misses, closes back to the report', () => {
    expect(view(run(done(), { type: 'eval-misses', open: true }))).toEqual({ mode: 'list', cursor: 0 });
    const none = done([]);
    expect(run(none, { type: 'eval-misses', open: true })).toStrictEqual(none);
    const list = run(done(), { type: 'eval-misses', open: true });
    expect(view(run(list, { type: 'eval-misses', open: false }))).toEqual({ mode: 'report' });
  });

  it('moves within the list only, never past either end', () => {
    const list = run(done(), { type: 'eval-misses', open: true });
    expect(view(run(list, { type: 'eval-miss-move', delta: 1 }))).toEqual({ mode: 'list', cursor: 1 });
    expect(view(run(list, { type: 'eval-miss-move', delta: 9 }))).toEqual({ mode: 'list', cursor: 2 });
    expect(view(run(list, { type: 'eval-miss-move', delta: -1 }))).toEqual({ mode: 'list', cursor: 0 });
    expect(view(run(done(), { type: 'eval-miss-move', delta: 1 }))).toEqual({ mode: 'report' });
  });

  it('corrects the miss under the cursor once, confirming before a validation example moves out', () => {
    const list = run(done(), { type: 'eval-misses', open: true }, { type: 'eval-miss-move', delta: 1 });
    const edit = run(list, { type: 'eval-miss-edit' });
    expect(view(edit)).toEqual({ mode: 'edit', cursor: 1 });
    expect(view(run(list, { type: 'eval-miss-confirm', text: 'x' }))).toEqual({ mode: 'list', cursor: 1 });
    expect(view(run(edit, { type: 'eval-miss-confirm', text: 'fixed' }))).toEqual({
      mode: 'confirm',
      cursor: 1,
      text: 'fixed',
    });
    const corrected = run(edit, { type: 'eval-corrected', index: 7, moved: true, count: 4 }) as Eval;
    expect(corrected.run).toMatchObject({
      view: { mode: 'list', cursor: 1 },
      corrected: [7],
      moved: [7],
      corrections: 4,
    });
    // Twice would add two rows for one prompt.
    expect(run(corrected, { type: 'eval-miss-edit' })).toStrictEqual(corrected);
    const kept = run(
      corrected,
      { type: 'eval-miss-move', delta: 1 },
      { type: 'eval-miss-edit' },
      { type: 'eval-corrected', index: 9, moved: false, count: 5 },
    ) as Eval;
    expect(kept.run).toMatchObject({ corrected: [7, 9], moved: [7], corrections: 5 });
    // Edit from the report (no list) does nothing.
    expect(view(run(done(), { type: 'eval-miss-edit' }))).toEqual({ mode: 'report' });
    expect((run(done(), { type: 'eval-corrections', count: 2 }) as Eval).run).toMatchObject({
      corrections: 2,
    });
  });

  it('tells its actions from the others', () => {
    expect(isEvalAction({ type: 'eval-close' })).toBe(true);
    expect(isEvalAction({ type: 'open-eval' })).toBe(true);
    expect(isEvalAction({ type: 'open-chat' })).toBe(false);
    expect(isEvalAction({ type: 'hasOwnProperty' })).toBe(false);
  });
});
