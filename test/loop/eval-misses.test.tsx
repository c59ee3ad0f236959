import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { useReducer } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { Box } from 'ink';
import { cleanup, render } from 'ink-testing-library';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { KeyRouter } from '../../src/app/hooks/use-keys.js';
import { Footer } from '../../src/app/components/footer.js';
import { EvalScreen } from '../../src/app/screens/eval-screen.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { initialPanel } from '../../src/app/state/panel.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { Miss } from '../../src/app/state/eval-state.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import { indexAfterMoves, missesOf } from '../../src/core/eval-misses.js';
import { RECORD } from '../app/job-harness.js';
import { KEY, press, tempDir, waitFor } from '../app/helpers.js';

afterEach(() => cleanup());

function Wizard({ initial }: { readonly initial: WizardState }) {
  const [state, dispatch] = useReducer(wizardReducer, initial);
  if (state.screen !== 'eval') return <Footer context={keyContext(state)} width={80} />;
  return (
    <Box flexDirection="column" width={80}>
      <EvalScreen state={state} cwd="/data" dispatch={dispatch} width={80} height={19} />
      <Footer context={keyContext(state)} width={80} />
    </Box>
  );
}

/** As the app mounts screens: under the key router, which hands a key to the screen on display at once. */
function App({ initial }: { readonly initial: WizardState }) {
  return (
    <KeyRouter>
      <Wizard initial={initial} />
    </KeyRouter>
  );
}

const rows = [
  { prompt: 'alpha ->', completion: ' one' },
  { prompt: 'beta ->', completion: ' two' },
  { prompt: 'gamma ->', completion: ' three' },
];

function setup(onTraining: boolean) {
  const dir = tempDir();
  const train = join(dir, 'd_prepared_train.jsonl');
  const valid = join(dir, 'd_prepared_valid.jsonl');
  writeFileSync(
    train,
    `${JSON.stringify({ prompt: 'x ->', completion: ' y' })}\n${JSON.stringify({ prompt: 'z ->', completion: ' w' })}\n`,
  );
  writeFileSync(valid, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const miss = (index: number, answer: string, flipped: boolean): Miss => ({
    index,
    asked: { prompt: rows[index]?.prompt ?? '' },
    question: rows[index]?.prompt ?? '',
    expected: rows[index]?.completion ?? '',
    answer,
    flipped,
  });
  const record = {
    ...RECORD,
    trainingFile: { id: 'file-t', path: train },
    validationFile: onTraining ? null : { id: 'file-v', path: valid },
  };
  const job = { id: RECORD.id, status: 'succeeded', fine_tuned_model: 'ft:m' } as unknown as FineTuningJob;
  const initial: WizardState = {
    screen: 'eval',
    file: '/data/d.csv',
    panel: initialPanel(record, job),
    target: { file: onTraining ? train : valid, onTraining, models: ['ft:m', 'm'] },
    run: {
      phase: 'done',
      reports: [{ model: 'ft:m', report: { kind: 'generation', n: 3, exactMatch: 1 / 3, tokenF1: 0.4 } }],
      scroll: 0,
      misses: [miss(2, ' four', true), miss(0, ' zero', false)],
      view: { mode: 'report' },
      corrected: [],
      moved: [],
      corrections: null,
    },
  };
  return { initial, train, valid, corrections: join(dir, 'd_prepared_corrections.jsonl') };
}

describe('missesOf', () => {
  it('lists wrong answers (trimmed compare), flipped ones first, and maps indices after moves', () => {
    expect(missesOf([' a', ' b', ' c'], ['a\n', 'x', 'y'], [' x', ' b', 'z'])).toEqual([
      { index: 1, flipped: true },
      { index: 2, flipped: false },
    ]);
    expect(missesOf([' a'], [' a'])).toEqual([]);
    expect(indexAfterMoves(5, [1, 5, 7])).toBe(4);
    expect(indexAfterMoves(1, [1])).toBe(1);
  });
});

describe('correcting a wrong answer on the eval screen', () => {
  it('moves a validation example out before adding it to the corrections, after saying what that does', async () => {
    const { initial, valid, corrections } = setup(false);
    const ui = render(<App initial={initial} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('f fix wrong answers'));
    await press(ui, 'f');
    await waitFor(() => expect(ui.lastFrame()).toContain('2 wrong answers · 1 flipped'));
    expect(ui.lastFrame()).toContain('› #3 flipped gamma -> → four (expected three)');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('The right answer to: gamma ->'));
    expect(ui.lastFrame()).toContain('› four');
    await press(ui, '\u0015');
    await press(ui, 'three');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('This example is in the validation file'));
    const flat = () => (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
    expect(flat()).toContain('It leaves validation (2 examples remain) and trains with your answer');
    expect(ui.lastFrame()).toContain('y move it out and train on it');
    // Esc keeps it in validation and saves nothing.
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('2 wrong answers'));
    expect(() => readFileSync(corrections)).toThrow();
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('The right answer to'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('y move it out'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('1 correction saved for the next training run'));
    expect(ui.lastFrame()).toContain('(corrected)');
    expect(readFileSync(corrections, 'utf8')).toBe(
      `${JSON.stringify({ prompt: 'gamma ->', completion: ' four' })}\n`,
    );
    const left = readFileSync(valid, 'utf8').trim().split('\n');
    expect(left).toEqual([JSON.stringify(rows[0]), JSON.stringify(rows[1])]);
    // The second miss, #1, is still line 1 of the file: moving #3 out did not shift it.
    await press(ui, KEY.down);
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('The right answer to: alpha'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(flat()).toContain('It leaves validation (1 example remains)'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('2 corrections saved'));
    expect(readFileSync(valid, 'utf8').trim().split('\n')).toEqual([JSON.stringify(rows[1])]);
    await press(ui, KEY.escape);
    await waitFor(() => expect(ui.lastFrame()).toContain('generation · 3 examples'));
  });

  it('adds a training-file example straight to the corrections, and refuses to correct one twice', async () => {
    const { initial, train, corrections } = setup(true);
    const ui = render(<App initial={initial} />);
    await press(ui, 'f');
    await waitFor(() => expect(ui.lastFrame()).toContain('2 wrong answers'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('The right answer to'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('1 correction saved'));
    expect(readFileSync(corrections, 'utf8').trim().split('\n')).toHaveLength(1);
    expect(readFileSync(train, 'utf8').trim().split('\n')).toHaveLength(2);
    await press(ui, KEY.enter);
    expect(ui.lastFrame()).not.toContain('The right answer to');
    expect(ui.lastFrame()).toContain('enter correct it');
  });
});
