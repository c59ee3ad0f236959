import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { fileURLToPath } from 'node:url';
import { App } from '../../src/app/app.js';
import { realEngine } from '../../src/app/real-engine.js';
import { costOf } from '../../src/app/state/model-step.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import { DEFAULT_PRICES } from '../../src/core/prices.js';
import { writeResult, writtenState } from './job-harness.js';
import { fakeEngine, finding, KEY, makeAnalysis, press, row, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

const EXAMPLE = fileURLToPath(new URL('../../examples/support-tickets.csv', import.meta.url));

describe('load screen', () => {
  it('completes a typed path with Tab and opens it with enter', async () => {
    const cwd = tempDir();
    mkdirSync(join(cwd, 'data'));
    writeFileSync(join(cwd, 'data', 'tickets.csv'), 'prompt,completion\n');
    writeFileSync(join(cwd, 'data', 'notes.md'), 'not data\n');
    const engine = fakeEngine((path) => makeAnalysis({ input: path }));
    const ui = render(<App file={undefined} services={services(engine, tempDir(), cwd)} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
    expect(ui.lastFrame()).toContain('tab complete · enter open · esc quit');
    await press(ui, 'typo');
    await waitFor(() => expect(ui.lastFrame()).toContain('› typo'));
    // Ctrl+U clears the field, as in a shell.
    await press(ui, '\u0015');
    await waitFor(() => expect(ui.lastFrame()).not.toContain('typo'));
    await press(ui, 'da');
    await waitFor(() => expect(ui.lastFrame()).toContain('› da'));
    await press(ui, KEY.tab);
    await waitFor(() => expect(ui.lastFrame()).toContain('› data/'));
    await press(ui, KEY.tab);
    // The only data file in the folder (notes.md is not offered).
    await waitFor(() => expect(ui.lastFrame()).toContain('› data/tickets.csv'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    expect(engine.calls.analyze[0]?.path).toBe('data/tickets.csv');
  });

  it('shows the summary: format, examples, columns, task type, tokens, histogram and cost', async () => {
    const engine = fakeEngine(() => makeAnalysis());
    const ui = render(<App file="/data/tickets.csv" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('CSV (comma-separated) · prompt-completion data');
    expect(frame).toMatch(/Examples\s+40/);
    expect(frame).toContain('prompt, completion, notes');
    expect(frame).toContain('classification (4 classes)');
    expect(frame).toContain('median 19');
    expect(frame).toContain('▄▄▄██████▄▄▄');
    expect(frame).toContain('<$0.01 to train gpt-4o-mini-2024-07-18');
    expect(frame).toContain('3 fixes to review (1 necessary, 2 optional).');
    expect(frame).toContain('• There are 40 examples');
  });

  it('says how many chat lines are valid examples: the token figures count only those', async () => {
    const file = fileURLToPath(new URL('../fixtures/chat/errors.jsonl', import.meta.url));
    const ui = render(<App file={file} services={services(realEngine(), tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'), 5_000);
    const frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/Examples\s+14 lines, 4 valid\n/);
    expect(frame).toContain('Tokens      119 in all');
  });

  it('shows control characters from the data as escapes, never raw (ESC[2J would clear the screen)', async () => {
    const esc = '\u001b[2J';
    const engine = fakeEngine((path) =>
      makeAnalysis({
        input: path,
        columns: ['prompt', 'completion', `${esc}notes\r`],
        findings: [finding('example-count', 'info', `Every prompt starts with "${esc}\u0007".`)],
      }),
    );
    const ui = render(<App file={`/data/${esc}tickets.csv`} services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('prompt, completion, \\x1b[2Jnotes\\r');
    expect(frame).toContain('Every prompt starts with "\\x1b[2J\\x07".');
    expect(frame).toContain('\\x1b[2Jtickets.csv');
    expect(frame).not.toContain(esc);
    expect(frame).not.toContain('\u0007');
    expect(frame).not.toContain('\r');
  });

  it('lets the user map columns when prompt/completion are missing, then reads again', async () => {
    const engine = fakeEngine((path, columnMap) =>
      columnMap === undefined
        ? makeAnalysis({
            input: path,
            columns: ['question', 'answer'],
            error: { id: 'missing-column', message: 'no prompt column' },
            findings: [],
          })
        : makeAnalysis({ input: path }),
    );
    const ui = render(<App file="/data/qa.jsonl" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file has no prompt column.'));
    expect(ui.lastFrame()).toContain('› question');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file has no completion column.'));
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toContain('› answer'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
    expect(engine.calls.analyze.at(-1)?.columnMap).toEqual({ prompt: 'question', completion: 'answer' });
  });

  it('refuses one column for both roles, and shows the first example the mapping makes', async () => {
    const firstRow = {
      fields: [
        { label: 'question', text: 'How do I reset\tmy password?' },
        { label: 'answer', text: 'Use the link.' },
      ],
    };
    const engine = fakeEngine((path, columnMap) =>
      columnMap === undefined
        ? makeAnalysis({
            input: path,
            columns: ['question', 'answer'],
            error: { id: 'missing-column', message: 'no prompt column' },
            findings: [],
            firstRow,
          })
        : makeAnalysis({ input: path }),
    );
    const ui = render(<App file="/data/qa.jsonl" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('prompt: How do I reset→my password?'));
    expect(ui.lastFrame()).toContain('completion: (the next column you choose)');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('question (the prompt)'));
    // The cursor is on the prompt's column: Enter is refused, and says why.
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('"question" is already the prompt'));
    expect(engine.calls.analyze).toHaveLength(1);
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toContain('completion: Use the link.'));
    expect(ui.lastFrame()).not.toContain('already the prompt');
    await press(ui, KEY.enter);
    await waitFor(() => expect(engine.calls.analyze).toHaveLength(2));
    expect(engine.calls.analyze[1]?.columnMap).toEqual({ prompt: 'question', completion: 'answer' });
  });

  it('stops on an error and shows the row at fault', async () => {
    const engine = fakeEngine(() =>
      makeAnalysis({
        error: { id: 'identical-prompts', message: 'All prompts are identical.', position: 2 },
        findings: [
          finding('identical-prompts', 'error', 'All prompts are identical.', [
            row(2, ['same', 'a'], ['same', 'a']),
          ]),
        ],
      }),
    );
    const ui = render(<App file="/data/same.jsonl" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file cannot be prepared'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toContain('All prompts are identical.');
    expect(frame).toContain('row 2:');
    expect(frame).toContain('same');
    expect(frame).toContain('Nothing was written.');
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
  });

  it('shows a progress bar while a large file is read', async () => {
    let finish: (() => void) | undefined;
    const base = fakeEngine(() => makeAnalysis());
    const engine = {
      ...base,
      analyzeFile: async (path: string, options?: Parameters<typeof base.analyzeFile>[1]) => {
        options?.onProgress?.({ bytesRead: 30_000_000, totalBytes: 120_000_000 });
        await new Promise<void>((resolve) => (finish = resolve));
        return base.analyzeFile(path, options);
      },
    };
    const ui = render(<App file="/data/big.jsonl" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('25%'));
    expect(ui.lastFrame()).toContain('30.0 MB of 120.0 MB');
    expect(ui.lastFrame()).toContain('esc cancel');
    finish?.();
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples'));
  });

  it('returns to the path field with the reason when the file cannot be read', async () => {
    const engine = fakeEngine(() => {
      throw new Error('cannot read /data/nope.csv: no such file');
    });
    const ui = render(<App file="/data/nope.csv" services={services(engine, tempDir())} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('no such file'));
    expect(ui.lastFrame()).toContain('› /data/nope.csv');
  });

  it("prices the estimate from the user's price table, here and in the model step", async () => {
    const prices = { ...DEFAULT_PRICES, asOf: '2027-01-01', training: { 'davinci-002': 1000 } };
    const ui = render(<App file={EXAMPLE} services={{ ...services(realEngine(), tempDir()), prices }} />);
    await waitFor(() => expect(ui.lastFrame()).toContain('prices of 2027-01-01'));
    const frame = ui.lastFrame() ?? '';
    const usd = Number(/\$(\d+\.\d+) to train davinci-002/.exec(frame)?.[1]);
    const [epochs, tokens] = (/(\d+) epochs × (\d+) tokens/.exec(frame) ?? []).slice(1).map(Number);
    expect(usd).toBeCloseTo(((epochs ?? 0) * (tokens ?? 0) * 1000) / 1e6, 2);

    // The model step prices the chosen model from the same table, carried by the analysis.
    const analysis = await realEngine().analyzeFile(EXAMPLE, { prices });
    const step = wizardReducer(writtenState(analysis, writeResult('/data/t_prepared.jsonl')), {
      type: 'choose-model',
    });
    if (step.screen !== 'model') throw new Error('not the model step');
    expect(costOf(step, analysis, 'davinci-002')).toMatchObject({
      pricePerMillion: 1000,
      priceAsOf: '2027-01-01',
    });
  });
});
