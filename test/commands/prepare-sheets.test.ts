import { mkdtemp, readdir, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';

const SHEETS = join(import.meta.dirname, '../fixtures/sheets');

/** The written training file's completions, as JSON would give them back. */
async function completions(dir: string): Promise<string[]> {
  const files = await readdir(dir);
  const text = await readFile(join(dir, files.find((f) => f.endsWith('.jsonl')) as string), 'utf8');
  return text
    .trim()
    .split('\n')
    .map((line) => (JSON.parse(line) as { completion: string }).completion);
}

// The first case runs the built binary; the others run the same command in process (runInProcess).
describe('prepare on a spreadsheet', () => {
  it('writes the emoji openpyxl stored as &#128512; as that emoji, not U+F600', async () => {
    const out = await mkdtemp(join(tmpdir(), 'ft-sheets-'));
    const file = join(SHEETS, 'pandas-openpyxl.xlsx');
    const args = ['prepare', file, '--yes', '--no-split', '--out', out];
    const result = await runCli([...args, '--prompt-column', 'case', '--completion-column', 'value']);
    expect(result.stderr).toBe('');
    const written = await completions(out);
    expect(written.some((c) => c.includes('😀 smile 👍🏽'))).toBe(true);
    expect(written.join('').includes('\uf600')).toBe(false);
  });

  it('reads the sheet --sheet names, by name or by number', async () => {
    const file = join(SHEETS, 'pandas-openpyxl.xlsx');
    // That sheet holds one usable row: its prompt is named in the error, which the first sheet lacks.
    for (const sheet of ['empty cells', '2']) {
      const args = ['prepare', file, '--yes', '--sheet', sheet];
      const result = await runInProcess([...args, '--prompt-column', 'case', '--completion-column', 'value']);
      expect(result.stderr).toMatch(/all prompts are identical \("after-empty"\)/);
    }
    const first = await runInProcess([
      'prepare',
      file,
      '--yes',
      '--prompt-column',
      'case',
      '--completion-column',
      'x',
    ]);
    expect(first.stderr).not.toMatch(/after-empty/);
  });

  it('names the sheets there are when --sheet names none of them', async () => {
    const file = join(SHEETS, 'pandas-openpyxl.xlsx');
    const result = await runInProcess(['prepare', file, '--yes', '--sheet', '4']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no sheet "4"; its sheets are 1 "data", 2 "empty cells", 3 "formulas"/);
  });
});
