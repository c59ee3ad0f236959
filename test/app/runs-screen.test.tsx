import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { saveEvalScore, saveRunNote, type RunNote } from '../../src/store/runs.js';
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
    expect(frame).toContain('↑↓ run · esc back · q quit');
    await press(ui, 'j');
    await waitFor(() => expect(ui.lastFrame()).toContain('95% accuracy'));
    expect(ui.lastFrame()).toContain('validation 0.3215');
    // The last run is the last: one more j stays on it.
    await press(ui, 'j');
    await waitFor(() => expect(ui.lastFrame()).toContain('95% accuracy'));
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
  });
});
