import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useReducer } from 'react';
import type OpenAI from 'openai';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { Box, Text } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import type { Connection } from '../../src/api/connect.js';
import { queryFormat } from '../../src/api/completions-format.js';
import { readEvalExamples } from '../../src/api/eval-examples.js';
import { evaluate } from '../../src/api/eval-session.js';
import { loadEvalScores } from '../../src/store/runs.js';
import { bestReport, headlineScore } from '../../src/core/eval-metrics.js';
import { toAppError } from '../../src/api/errors.js';
import { PROFILES } from '../../src/api/providers/index.js';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { Footer } from '../../src/app/components/footer.js';
import { useJobEffects } from '../../src/app/hooks/use-job-effects.js';
import { EvalScreen } from '../../src/app/screens/eval-screen.js';
import { JobScreen } from '../../src/app/screens/job-screens.js';
import type { Services } from '../../src/app/services.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { initialPanel } from '../../src/app/state/panel.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import type { JobRecord } from '../../src/store/jobs.js';
import {
  SEPARATOR,
  TOPICS_TRAIN,
  TOPICS_VALID,
  trainTopics,
  type TrainedTopics,
} from '../chat/local-model.js';
import { RECORD } from './job-harness.js';
import { fakeEngine, KEY, makeAnalysis, press, tempDir, waitFor } from './helpers.js';

/** The job panel and the eval screen at 80×24: header and blanks take 5 rows, the body 19. */
function Wizard({ initial, services }: { readonly initial: WizardState; readonly services: Services }) {
  const [state, dispatch] = useReducer(wizardReducer, initial);
  useJobEffects(state, dispatch, services);
  const common = { dispatch, width: 80, height: 19 };
  const body =
    state.screen === 'job' ? (
      <JobScreen state={state} hideClock {...common} />
    ) : state.screen === 'eval' ? (
      <EvalScreen state={state} cwd="/data" {...common} />
    ) : null;
  return (
    <Box flexDirection="column" width={80}>
      {body ?? <Text>screen {state.screen}</Text>}
      <Footer context={keyContext(state)} width={80} />
    </Box>
  );
}

function connectionOf(client: OpenAI): Connection {
  return {
    client,
    provider: 'local',
    profile: PROFILES.local,
    baseURL: 'http://127.0.0.1:1/v1',
    reason: 'test',
    ephemeral: true,
    scrub: (text: string) => text,
    explain: (error: unknown) => toAppError(error),
    close: async () => undefined,
  };
}

function servicesFor(client: OpenAI): Services {
  return {
    engine: fakeEngine(() => makeAnalysis()),
    sessions: { load: async () => null, save: async () => undefined, clear: async () => undefined },
    cwd: '/data',
    env: { FINE_TUNE_HOME: tempDir() },
    bell: () => undefined,
    pollMs: 50,
    provider: { open: async () => connectionOf(client) },
  };
}

let t: TrainedTopics;
let job: FineTuningJob;
let record: JobRecord;
beforeAll(async () => {
  t = await trainTopics();
  job = await t.client.fineTuning.jobs.retrieve(t.jobId);
  record = {
    ...RECORD,
    id: t.jobId,
    trainingFile: { id: job.training_file, path: TOPICS_TRAIN },
    validationFile: { id: 'file-valid', path: TOPICS_VALID },
    model: 'local-small',
    separator: SEPARATOR,
    stop: null,
    fineTunedModel: job.fine_tuned_model,
  };
}, 60_000);
afterAll(async () => t?.close());
afterEach(() => cleanup());

const jobState = (r: JobRecord): WizardState => ({
  screen: 'job',
  file: '/data/topics.csv',
  panel: initialPanel(r, job),
});

describe('the evaluate action after a job succeeds', () => {
  it('scores the new model and its base on the validation file, shows the same accuracy as evaluate(), and fits 80×24', async () => {
    const ui = render(<Wizard initial={jobState(record)} services={servicesFor(t.client)} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('e evaluate'));
    await press(ui, 'e');
    await waitFor(() => expect(ui.lastFrame()).toContain(`Evaluating ${t.model} against local-small`));
    expect(ui.lastFrame()).toContain('On the validation file');
    await waitFor(() => expect(ui.lastFrame()).toContain('confusion matrix'), 30_000);

    const examples = await readEvalExamples(TOPICS_VALID);
    const format = { ...queryFormat(t.model, record, {}, 'completions'), endpoint: 'completions' as const };
    const direct = await evaluate(t.client, { examples, models: [t.model, 'local-small'], format });
    const [mine, base] = direct.reports.map((r) => (r.report.kind === 'classification' ? r.report : null));
    const pct = (x: number | undefined) => `${((x ?? NaN) * 100).toFixed(1)}%`;

    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('classification · 200 examples');
    expect(frame).toMatch(new RegExp(`accuracy\\s+${pct(mine?.accuracy)}\\s+${pct(base?.accuracy)}`));
    expect(frame).toMatch(/^class\s+precision\s+recall\s+F1\s+base F1\s+support$/m);
    expect(frame).toMatch(/^"sports"\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+51$/m);
    // eslint-disable-next-line no-control-regex
    const lines = frame.replace(/\u001b\[[0-9;]*m/g, '').split('\n');
    expect(lines.length).toBeLessThanOrEqual(24);
    for (const line of lines) expect(line.length).toBeLessThanOrEqual(80);

    // What does not fit is scrolled to: the base model's confusion matrix is at the end.
    expect(frame).not.toContain('confusion matrix: local-small');
    for (let i = 0; i < 3; i++) await press(ui, ' ');
    await waitFor(() => expect(ui.lastFrame()).toContain('confusion matrix: local-small'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('t chat tester'));
  }, 60_000);

  it('scores every checkpoint and the final model with x, one row each, the best as evaluate() finds it', async () => {
    const head = join(tempDir(), 'valid_head.jsonl');
    writeFileSync(head, `${readFileSync(TOPICS_VALID, 'utf8').split('\n').slice(0, 30).join('\n')}\n`);
    const small = { ...record, validationFile: { id: 'file-valid', path: head } };
    const services = servicesFor(t.client);
    const ui = render(<Wizard initial={jobState(small)} services={services} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('x score checkpoints'));
    await press(ui, 'x');
    await waitFor(() => expect(ui.lastFrame()).toContain(`Scoring every checkpoint of ${t.jobId}`));
    await waitFor(() => expect(ui.lastFrame()).toMatch(/final\s+\d/), 30_000);

    const listed = await t.client.fineTuning.jobs.checkpoints.list(t.jobId);
    const steps = listed.data.map((c) => c.step_number).sort((a, b) => a - b);
    const models = [...steps.map((n) => `${t.model}:ckpt-step-${n}`), t.model];
    const examples = await readEvalExamples(head);
    const format = { ...queryFormat(t.model, small, {}, 'completions'), endpoint: 'completions' as const };
    const direct = await evaluate(t.client, { examples, models, format });
    const frame = ui.lastFrame() ?? '';
    direct.reports.forEach(({ report }, i) => {
      const label = i < steps.length ? `step ${steps[i]}` : 'final';
      const accuracy = report.kind === 'classification' ? report.accuracy : NaN;
      expect(frame).toMatch(new RegExp(`${label}\\s+${(accuracy * 100).toFixed(1)}%`));
    });
    const best = bestReport(direct.reports.map((r) => r.report));
    const starred = frame.split('\n').filter((line) => line.startsWith('★'));
    expect(starred).toHaveLength(1);
    expect(starred[0]).toContain(best < steps.length ? `step ${steps[best]}` : 'final');
    // Every score is stored (the chat tester marks the best from them).
    const stored = await loadEvalScores(services.env);
    expect(models.map((m) => stored.get(m)?.file)).toEqual(models.map(() => head));
    // The wrong answers to fix are the final model's, none "flipped" (no base was asked).
    const final = direct.reports.at(-1)?.report;
    const wrong = final === undefined ? NaN : Math.round(final.n * (1 - headlineScore(final).value));
    await press(ui, 'f');
    await waitFor(() => expect(ui.lastFrame()).toContain(`${wrong} wrong answer`));
    expect(ui.lastFrame()).not.toContain('flipped');
  }, 60_000);

  it('says plainly when it falls back to the training file', async () => {
    // The first 60 rows of the training file: the fallback scores what the record names, all of it.
    const head = join(tempDir(), 'topics_head.jsonl');
    writeFileSync(head, `${readFileSync(TOPICS_TRAIN, 'utf8').split('\n').slice(0, 60).join('\n')}\n`);
    const noValidation = {
      ...record,
      validationFile: null,
      trainingFile: { ...record.trainingFile, path: head },
    };
    const ui = render(<Wizard initial={jobState(noValidation)} services={servicesFor(t.client)} />);
    await press(ui, 'e');
    await waitFor(() => expect(ui.lastFrame()).toContain('No validation file: scored on the training file'));
    await waitFor(() => expect(ui.lastFrame()).toContain('classification · 60 examples'), 30_000);
    expect((ui.lastFrame() ?? '').split('\n').length).toBeLessThanOrEqual(24);
  }, 60_000);

  it('stops on Esc while running: the requests in flight are aborted and the panel comes back', async () => {
    const signals: AbortSignal[] = [];
    const hanging = {
      completions: {
        create: (_body: unknown, options?: { signal?: AbortSignal }) => {
          if (options?.signal) signals.push(options.signal);
          return new Promise((_resolve, reject) =>
            options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
          );
        },
      },
      fineTuning: t.client.fineTuning,
    } as unknown as OpenAI;
    const ui = render(<Wizard initial={jobState(record)} services={servicesFor(hanging)} />);
    await press(ui, 'e');
    await waitFor(() => expect(ui.lastFrame()).toContain('0 of 400 answers'));
    await waitFor(() => expect(signals.length).toBeGreaterThan(0));
    expect(ui.lastFrame()).toContain('esc stop, back to the job');
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('e evaluate'));
    // Leaving the screen aborts in the effect's cleanup, which React runs just after the new frame.
    await waitFor(() => expect(signals.every((s) => s.aborted)).toBe(true));
  }, 60_000);
});
