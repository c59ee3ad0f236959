import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { render, cleanup } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { realEngine } from '../../src/app/real-engine.js';
import { runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';
import type { Analysis, Engine } from '../../src/app/engine.js';
import { KEY, press, services, tempDir, waitFor } from './helpers.js';

afterEach(cleanup);

const FIXTURES = fileURLToPath(new URL('../fixtures/prepare/', import.meta.url));
const EXAMPLE = fileURLToPath(new URL('../../examples/support-tickets.csv', import.meta.url));

interface Expected {
  readonly records: ReadonlyArray<{ prompt: string; completion: string }> | null;
  readonly split: { train: unknown[]; valid: unknown[] } | null;
  readonly optional: readonly string[];
}

function fixture(name: string): { readonly dir: string; readonly file: string; readonly expected: Expected } {
  const dir = tempDir();
  copyFileSync(join(FIXTURES, name), join(dir, name));
  const expected = JSON.parse(readFileSync(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
  return { dir, file: join(dir, name), expected };
}

function jsonl(path: string): unknown[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as unknown);
}

function open(file: string, dir: string) {
  return render(<App file={file} services={services(realEngine(), tempDir(), dir)} />);
}

describe('the whole wizard on fixture files (real engine)', () => {
  it('accepts every fix of a classification file, splits it, and writes what the reference writes', async () => {
    const { dir, file, expected } = fixture('classif2.csv');
    const ui = open(file, dir);
    await waitFor(() => expect(ui.lastFrame()).toContain('classification (2 classes)'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Fix 1 of \d+ · necessary/));
    await press(ui, 'a');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Sample \d+ of|No examples/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Split into a training set'));
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 2 files'), 10_000);
    expect(ui.lastFrame()).toContain('classif2_prepared_train.jsonl (16 examples, training)');
    expect(ui.lastFrame()).toContain('end each prompt with " ->"');
    expect(jsonl(join(dir, 'classif2_prepared_train.jsonl'))).toEqual(expected.split?.train);
    expect(jsonl(join(dir, 'classif2_prepared_valid.jsonl'))).toEqual(expected.split?.valid);
    // The input is never touched.
    expect(readFileSync(file)).toEqual(readFileSync(join(FIXTURES, 'classif2.csv')));
  });

  it('says before writing how many examples each file of the split gets, the accepted removals taken out', async () => {
    const dir = tempDir();
    const file = join(dir, 'support-tickets.csv');
    copyFileSync(EXAMPLE, file);
    // The token figures the model step will show: those of the rows written, as `prepare` reports them.
    const engine = realEngine();
    let counted: Analysis | undefined;
    const watched: Engine = {
      ...engine,
      writtenTokens: async (analysis, written) =>
        (counted = await (engine.writtenTokens as NonNullable<Engine['writtenTokens']>)(analysis, written)),
    };
    const ui = render(<App file={file} services={services(watched, tempDir(), dir)} />);
    const text = () => (ui.lastFrame() ?? '').replace(/\s+/g, ' ');
    await waitFor(() => expect(ui.lastFrame()).toContain('Examples    60'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('2 rows repeat an earlier example exactly'));
    await press(ui, 'a');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Sample \d+ of/));
    await press(ui, KEY.enter);
    // 60 rows less the 2 duplicates: the reference's split of 58 (not "About 48 … 12" of all 60).
    await waitFor(() => expect(text()).toContain('46 examples for training and 12 examples for validation.'));
    expect(text()).not.toContain('About');
    await press(ui, 'y');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 2 files'), 10_000);
    expect(text()).toContain('support-tickets_prepared_train.jsonl (46 examples, training)');
    expect(text()).toContain('support-tickets_prepared_valid.jsonl (12 examples, validation)');
    const report = await runInProcess(['prepare', file, '--yes', '--json', '--out', tempDir()]);
    const { tokens } = JSON.parse(report.stdout) as { tokens: { sum: number; examples: number } };
    expect(counted?.tokens).toMatchObject({ sum: tokens.sum, examples: 58 });
    // More than the file's 720 tokens scaled to 58 rows: the separator the fixes appended counts.
    expect(tokens.sum).toBeGreaterThan((720 * 58) / 60);
  });

  it('reviews a generation file fix by fix, accepting each, and writes the reference records', async () => {
    const { dir, file, expected } = fixture('cond_dups.jsonl');
    const ui = open(file, dir);
    await waitFor(() => expect(ui.lastFrame()).toContain('conditional generation'));
    await press(ui, KEY.enter);
    const total = expected.optional.length;
    for (let i = 1; i <= total; i += 1) {
      await waitFor(() => expect(ui.lastFrame()).toContain(`Fix ${i} of ${total}`));
      await press(ui, 'y');
    }
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Sample \d+ of|No examples/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 1 file'), 10_000);
    expect(ui.lastFrame()).toContain('cond_dups_prepared.jsonl');
    expect(jsonl(join(dir, 'cond_dups_prepared.jsonl'))).toEqual(expected.records);
  });

  it('maps columns of a file without a completion column and reads it again', async () => {
    const { dir, file } = fixture('missing_col.jsonl');
    const ui = open(file, dir);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file has no prompt column.'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file has no completion column.'));
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).toContain('› answer'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Examples\s+2/));
  });

  it('says the file can be used as it is when every fix is rejected, and writes nothing', async () => {
    const dir = tempDir();
    const file = join(dir, 'clean.jsonl');
    const lines = Array.from({ length: 30 }, (_, i) =>
      JSON.stringify({
        prompt: `question ${i} about item ${i * 7} ->`,
        completion: ` answer ${i} is ${i * 3}\n`,
      }),
    );
    writeFileSync(file, `${lines.join('\n')}\n`);
    let farewell: string | null = null;
    const ui = render(
      <App
        file={file}
        services={services(realEngine(), tempDir(), dir)}
        onExit={(text) => (farewell = text)}
      />,
    );
    await waitFor(() => expect(ui.lastFrame()).toContain('Task type'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Fix 1 of 1'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Sample 1 of/));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('the file can be used as it is'), 10_000);
    expect(ui.lastFrame()).toContain('fine-tune create -t clean.jsonl');
    expect(readdirSync(dir)).toEqual(['clean.jsonl']);
    await press(ui, 'q');
    await waitFor(() => expect(farewell).toContain('next: fine-tune create -t clean.jsonl'));
  });

  it('drops a sample on the bundled example: the file written is `prepare --yes --no-split` minus that example', async () => {
    const dir = tempDir();
    copyFileSync(EXAMPLE, join(dir, 'support-tickets.csv'));
    const ui = open(join(dir, 'support-tickets.csv'), dir);
    await waitFor(() => expect(ui.lastFrame()).toContain('Task type'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toMatch(/Fix 1 of \d+/));
    await press(ui, 'a');
    await waitFor(() => expect(ui.lastFrame()).toContain('Sample 1 of'));
    const lines = (ui.lastFrame() ?? '').split('\n');
    const prompt = lines[lines.findIndex((line) => line === 'prompt') + 1] ?? '';
    expect(prompt).not.toBe('');
    await press(ui, 'd');
    await waitFor(() => expect(ui.lastFrame()).toContain('1 example marked to drop'));
    await press(ui, KEY.enter);
    await waitFor(() => expect(ui.lastFrame()).toContain('Split into'));
    await press(ui, 'n');
    await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 1 file'), 10_000);

    const reference = tempDir();
    copyFileSync(EXAMPLE, join(reference, 'support-tickets.csv'));
    const result = await runCli(['prepare', 'support-tickets.csv', '--yes', '--no-split'], {
      cwd: reference,
    });
    expect(result.code, result.stderr).toBe(0);
    const all = jsonl(join(reference, 'support-tickets_prepared.jsonl')) as Array<{ prompt: string }>;
    const kept = all.filter((record) => record.prompt !== prompt);
    expect(kept).toHaveLength(all.length - 1);
    expect(jsonl(join(dir, 'support-tickets_prepared.jsonl'))).toEqual(kept);
  });

  it('stops on a file whose prompts are all the same and names the error', async () => {
    const { dir, file } = fixture('same_prompts.jsonl');
    const ui = open(file, dir);
    await waitFor(() => expect(ui.lastFrame()).toContain('This file cannot be prepared'));
    expect(ui.lastFrame()).toContain('Nothing was written.');
  });
});
