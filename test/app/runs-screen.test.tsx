import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { saveEvalScore, saveRunNote, type RunNote } from '../../src/store/runs.js';
import type { Connection } from '../../src/api/connect.js';
import { fakeEngine, KEY, makeAnalysis, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

const note = (id: string, createdAt: number, more: Partial<RunNote> = {}): RunNote => ({
  id,
  provider: 'local',
  baseURL: '',
  model: 'local-small',
  suffix: null,
  fineTunedModel: `ft:local-small:local::${id}`,
  status: 'succeeded',
  createdAt,
  finishedAt: createdAt + 10,
  trainedTokens: 16_100,
  hyperparameters: { n_epochs: 4, batch_size: 2, learning_rate_multiplier: 1 },
  trainingFile: 'file-t',
  validationFile: 'file-v',
  totalSteps: 400,
  finalTrainLoss: 0.1851,
  finalValidLoss: 0.3215,
  updatedAt: createdAt + 10,
  ...more,
});

describe('Runs screen', () => {
  it('opens from the path field with Ctrl+O, lists the runs newest first, describes the one selected, and Esc goes back', async () => {
    const home = tempDir();
    const env = { FINE_TUNE_HOME: join(home, 'home') };
    await saveRunNote(note('older', 100), env);
    await saveRunNote(note('newer', 200, { finalValidLoss: 0.1615, hyperparameters: { n_epochs: 12 } }), env);
    await saveEvalScore(
      {
        model: 'ft:local-small:local::older',
        file: 'v.jsonl',
        kind: 'classification',
        score: 0.95,
        metric: 'accuracy',
        examples: 60,
        at: 1,
      },
      env,
    );
    const ui = render(
      <App
        file={undefined}
        services={{
          ...services(
            fakeEngine(() => makeAnalysis()),
            home,
          ),
          env,
        }}
      />,
    );
    await waitFor(() => expect(ui.lastFrame()).toContain('ctrl+o runs'));
    await press(ui, '\u000f');
    await waitFor(() => expect(ui.lastFrame()).toContain('2 created or followed here'));
    const frame = ui.lastFrame() ?? '';
    expect(frame.indexOf('ft:local-small:local::newer')).toBeLessThan(
      frame.indexOf('ft:local-small:local::older'),
    );
    expect(frame).toContain('epochs 12');
    expect(frame).toContain('↑↓ run · c compare · esc back · q quit');
    await press(ui, 'j');
    await waitFor(() => expect(ui.lastFrame()).toContain('95% accuracy'));
    expect(ui.lastFrame()).toContain('validation 0.3215');
    // The last run is the last: one more j stays on it.
    await press(ui, 'j');
    await waitFor(() => expect(ui.lastFrame()).toContain('95% accuracy'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
  });

  it('compares two runs: c marks A, c on another opens them side by side, differences marked, losses overlaid by epoch', async () => {
    const home = tempDir();
    const env = { FINE_TUNE_HOME: join(home, 'home') };
    await saveRunNote(note('older', 100), env);
    await saveRunNote(
      note('newer', 200, {
        hyperparameters: { n_epochs: 2, batch_size: 2, learning_rate_multiplier: 1 },
        totalSteps: 200,
      }),
      env,
    );
    // The provider answers each job's events: a falling training loss and one full validation loss an epoch.
    const asked: string[] = [];
    const events = (id: string, epochs: number) =>
      Array.from({ length: 100 * epochs }, (_, i) => ({
        object: 'fine_tuning.job.event',
        id: `${id}-e${i}`,
        created_at: i,
        level: 'info',
        message: `Step ${i + 1}`,
        type: 'metrics',
        data: {
          step: i + 1,
          total_steps: 100 * epochs,
          train_loss: 2 / (1 + i / 20),
          ...((i + 1) % 100 === 0 ? { full_valid_loss: 1 / (1 + i / 50) } : {}),
        },
      }));
    const connection = {
      client: {
        fineTuning: {
          jobs: {
            listEvents: (id: string) => {
              asked.push(id);
              return (async function* () {
                yield* events(id, id === 'older' ? 4 : 2);
              })();
            },
          },
        },
      },
    } as unknown as Connection;
    const ui = render(
      <App
        file={undefined}
        services={{
          ...services(
            fakeEngine(() => makeAnalysis()),
            home,
          ),
          env,
          provider: { open: () => Promise.resolve(connection) },
        }}
      />,
    );
    await waitFor(() => expect(ui.lastFrame()).toContain('ctrl+o runs'));
    await press(ui, '\u000f');
    await waitFor(() => expect(ui.lastFrame()).toContain('c marks one to compare'));
    expect(ui.lastFrame()).toContain('c compare');
    await press(ui, 'c');
    await waitFor(() => expect(ui.lastFrame()).toContain('A marked'));
    // c on the run marked unmarks it; then mark again, move, compare.
    await press(ui, 'c');
    await waitFor(() => expect(ui.lastFrame()).toContain('c marks one to compare'));
    await press(ui, 'c');
    await press(ui, 'j');
    await press(ui, 'c');
    await waitFor(() => expect(ui.lastFrame()).toContain('█ A training loss'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('A ft:local-small:local::newer');
    expect(frame).toContain('B ft:local-small:local::older');
    expect(frame).toMatch(/≠ epochs +2 +4/);
    expect(frame).not.toMatch(/≠ batch size/);
    expect(frame).toContain('epoch 4');
    expect(frame).toContain('esc back to runs · q quit');
    expect(asked.sort()).toEqual(['newer', 'older']);
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('2 created or followed here'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
  });
});
