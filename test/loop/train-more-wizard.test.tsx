import { describe, expect, it } from 'vitest';
import { render } from 'ink-testing-library';
import { ModelOptions } from '../../src/app/screens/model-options.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import { jobState, MODELS, modelState, writeResult } from '../app/job-fixtures.js';
import { makeAnalysis } from '../app/helpers.js';

type ModelStepState = Extract<WizardState, { screen: 'model' }>;
const FT = 'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc123';

/** A finished job the wizard started: its model step (with settings) is kept as `retry`. */
function finished(status: 'succeeded' | 'failed'): WizardState {
  const step = modelState(makeAnalysis(), writeResult('/data/t_prepared_train.jsonl')) as ModelStepState;
  const retry: ModelStepState = { ...step, phase: 'options', epochs: '2', lr: '0.5', suffix: 'tickets' };
  const base = jobState({ status, fine_tuned_model: status === 'succeeded' ? FT : null });
  return { ...(base as Extract<WizardState, { screen: 'job' }>), retry };
}

/** Train more from a succeeded job, the provider's models listed: the step's options. */
function trainMoreLoaded(): ModelStepState {
  const done = wizardReducer(finished('succeeded'), { type: 'train-more' });
  return wizardReducer(done, {
    type: 'models-loaded',
    models: MODELS,
    provider: { name: 'openai', reason: 'test' },
    today: '2026-11-24',
  }) as ModelStepState;
}

describe('train more from the job panel', () => {
  it('is offered (m) only on a succeeded job the wizard started, and opens the model step on its model', () => {
    const done = finished('succeeded');
    expect(keyContext(done)).toBe('jobDoneMore');
    expect(keyContext(jobState({ status: 'succeeded', fine_tuned_model: FT }))).toBe('jobDone');
    expect(wizardReducer(finished('failed'), { type: 'train-more' })).toMatchObject({ screen: 'job' });

    const step = wizardReducer(done, { type: 'train-more' });
    expect(step).toMatchObject({
      screen: 'model',
      phase: 'pick',
      models: null,
      trainMore: { from: FT, job: 'ftjob-test1' },
    });
    // Same settings as the job that made the model.
    expect(step).toMatchObject({ epochs: '2', lr: '0.5', suffix: 'tickets' });
    const loaded = wizardReducer(step, {
      type: 'models-loaded',
      models: MODELS,
      provider: { name: 'openai', reason: 'test' },
      today: '2026-11-24',
    }) as ModelStepState;
    expect(loaded.phase).toBe('options');
    expect(MODELS[loaded.cursor]?.id).toBe(FT);
  });

  it('says plainly what training more does to the learning rate and to what the model knows', () => {
    const state = trainMoreLoaded();
    const ui = render(
      <ModelOptions state={state} dispatch={() => undefined} width={80} height={19} cwd="/data" />,
    );
    const flat = (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(flat).toContain(`Train ${FT}`);
    expect(flat).toContain(`Training more from ${FT}, on the same data, without corrections.`);
    expect(flat).toContain('(half would be 0.25)');
    expect(flat).toContain('would make it forget the rest');
    expect((ui.lastFrame() ?? '').split('\n').length).toBeLessThanOrEqual(19);
    ui.unmount();
  });

  it('gives the same job as create --from-job with what was changed, and a plain create on another base', () => {
    const state = trainMoreLoaded();
    const sameAs = (step: ModelStepState): string => {
      const ui = render(
        <ModelOptions state={step} dispatch={() => undefined} width={100} height={40} cwd="/data" />,
      );
      const text =
        (ui.lastFrame() ?? '')
          .split('Same as:')[1]
          ?.split('\n\n')[0]
          ?.replace(/\s*\n\s*/g, ' ')
          .trim() ?? '';
      ui.unmount();
      return text;
    };
    expect(sameAs(state)).toBe(
      'fine-tune create --from-job ftjob-test1 --suffix tickets --epochs 2 --lr-multiplier 0.5',
    );
    const other = MODELS.findIndex((m) => m.id === 'gpt-4o-mini-2024-07-18');
    expect(sameAs({ ...state, cursor: other })).toMatch(
      /^fine-tune create -t \S+ -m gpt-4o-mini-2024-07-18 /,
    );
  });

  it('is still offered after an evaluation (e or x) and back', () => {
    const evaluating = wizardReducer(finished('succeeded'), { type: 'open-eval', checkpoints: true });
    expect(evaluating).toMatchObject({ screen: 'eval' });
    const back = wizardReducer(evaluating, { type: 'eval-close' });
    expect(keyContext(back)).toBe('jobDoneMore');
    expect(wizardReducer(back, { type: 'train-more' })).toMatchObject({ screen: 'model' });
  });

  it('keeps what to do next at 60×20 (14 lines), the warning said in one sentence', () => {
    const state = trainMoreLoaded();
    const ui = render(
      <ModelOptions state={state} dispatch={() => undefined} width={60} height={14} cwd="/data" />,
    );
    const frame = ui.lastFrame() ?? '';
    const flat = frame.replace(/\s+/g, ' ');
    expect(flat).toContain('Press enter to upload');
    expect(flat).toContain('a lower learning-rate multiplier (half would be 0.25) keeps more');
    expect(flat).not.toContain('would make it forget');
    expect(frame.split('\n').length).toBeLessThanOrEqual(14);
    ui.unmount();
  });

  it('goes back to the job panel it came from with Esc, not to the written files', () => {
    const done = finished('succeeded');
    const step = wizardReducer(done, { type: 'train-more' });
    const loaded = wizardReducer(step, {
      type: 'models-loaded',
      models: MODELS,
      provider: { name: 'openai', reason: 'test' },
      today: '2026-11-24',
    });
    const list = wizardReducer(loaded, { type: 'model-back' });
    expect(list).toMatchObject({ screen: 'model', phase: 'pick' });
    expect(wizardReducer(list, { type: 'model-back' })).toBe(done);
    // Without train more, the list still goes back to the written files.
    const plain = { ...(list as ModelStepState), trainMore: undefined };
    expect(wizardReducer(plain, { type: 'model-back' })).toMatchObject({ screen: 'written' });
  });

  it('offers the corrections found beside the file it would upload, and says --no-corrections when left out', () => {
    const loaded = trainMoreLoaded();
    const found = { path: '/data/t_prepared_corrections.jsonl', rows: 3 };
    // Found for another file (the conversion has moved on): ignored.
    expect(
      wizardReducer(loaded, { type: 'corrections-found', train: '/data/other.jsonl', corrections: found }),
    ).toBe(loaded);
    const offered = wizardReducer(loaded, {
      type: 'corrections-found',
      train: loaded.files.train,
      corrections: found,
    }) as ModelStepState;
    expect(offered).toMatchObject({ corrections: found, includeCorrections: true });
    // The field is there only when corrections are: ↑ from the suffix wraps to it, else to the rate.
    const up = (state: ModelStepState): string =>
      (wizardReducer(state, { type: 'field-move', delta: -1 }) as ModelStepState).field;
    expect(up(offered)).toBe('corrections');
    expect(up(loaded)).toBe('lr');
    const onIt = wizardReducer(offered, { type: 'field-move', delta: -1 });
    const left = wizardReducer(onIt, { type: 'method-toggle' }) as ModelStepState;
    expect(left.includeCorrections).toBe(false);
    const frame = (state: ModelStepState): string => {
      const ui = render(
        <ModelOptions state={state} dispatch={() => undefined} width={120} height={40} cwd="/data" />,
      );
      const text = (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
      ui.unmount();
      return text;
    };
    expect(frame(offered)).toContain('Corrections include 3 rows');
    expect(frame(offered)).toContain('on the same data plus 3 corrections.');
    expect(frame(offered)).toContain('Training 35 examples');
    expect(frame(offered)).toContain('fine-tune create --from-job ftjob-test1 --suffix tickets');
    expect(frame(left)).toContain('Corrections leave out 3 rows');
    expect(frame(left)).toContain('on the same data, without corrections.');
    expect(frame(left)).toContain('Training 32 examples');
    expect(frame(left)).toContain(
      'fine-tune create --from-job ftjob-test1 --no-corrections --suffix tickets',
    );
    // The chat conversion writes another training file: what was found beside the old one goes.
    expect(
      wizardReducer(offered, {
        type: 'converted',
        files: { ...offered.files, train: '/data/t_prepared_train_chat.jsonl', format: 'chat' },
      }),
    ).toMatchObject({ corrections: null });
  });
});
