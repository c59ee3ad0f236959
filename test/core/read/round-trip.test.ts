/**
 * Property tests: whatever text people put in their files (any Unicode, quotes, delimiters, newlines,
 * spaces at the ends), every reader returns it unchanged, and the prepare writer writes it unchanged when
 * no fix is accepted.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, writePrepared } from '../../../src/core/prepare/index.js';
import { openSource } from '../../../src/core/read/index.js';

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'round-trip-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

interface Row {
  readonly prompt: string;
  readonly completion: string;
}

// Text with the characters that break naive readers and writers, mixed with any code point.
const tricky = fc.constantFrom('"', ',', ';', '\t', '|', '\n', '\r\n', ' ', '\\', '😀', 'é', '\u2028', '中');
const text = fc
  .array(fc.oneof(fc.string({ unit: 'grapheme', maxLength: 6 }), tricky), { maxLength: 6 })
  .map((parts) => parts.join(''));
// A completion is never empty: an empty one is a row the prepare checks remove (a necessary fix).
const row = fc.record({ prompt: text, completion: text.filter((t) => t !== '') });
const rows = fc.array(row, { minLength: 1, maxLength: 8 });

/** RFC 4180 quoting: every field quoted, quotes doubled. */
function delimited(data: readonly Row[], delimiter: string): string {
  const field = (value: string) => `"${value.replaceAll('"', '""')}"`;
  const lines = data.map((r) => `${field(r.prompt)}${delimiter}${field(r.completion)}`);
  return [`prompt${delimiter}completion`, ...lines].join('\n');
}

const WRITERS: Record<string, (data: readonly Row[]) => string> = {
  csv: (data) => delimited(data, ','),
  tsv: (data) => delimited(data, '\t'),
  jsonl: (data) => data.map((r) => JSON.stringify(r)).join('\n'),
  json: (data) => JSON.stringify(data),
};

async function write(ext: string, data: readonly Row[]): Promise<string> {
  const path = join(dir, `case-${counter++}.${ext}`);
  await writeFile(path, (WRITERS[ext] as (d: readonly Row[]) => string)(data));
  return path;
}

async function readRows(path: string): Promise<unknown[]> {
  const source = await openSource(path);
  const records: unknown[] = [];
  await source.scan((_position, value) => records.push(value));
  return records;
}

describe('readers return every value unchanged', () => {
  it.each(Object.keys(WRITERS))('%s', async (ext) => {
    await fc.assert(
      fc.asyncProperty(rows, async (data) => {
        const path = await write(ext, data);
        expect(await readRows(path)).toEqual(
          data.map((r) => ({ prompt: r.prompt, completion: r.completion })),
        );
      }),
      { numRuns: 40, seed: 20261207 },
    );
  });
});

describe('the prepare writer', () => {
  it('writes a CSV file unchanged, as JSON Lines, when no fix is accepted', async () => {
    await fc.assert(
      fc.asyncProperty(rows, async (data) => {
        const path = await write('csv', data);
        const analysis = await analyzeFile(path);
        // Identical prompts (or completions) stop preparation: nothing to compare then.
        fc.pre(analysis.error === null);
        const result = await writePrepared(analysis, { accepted: new Set(), split: false }, { outDir: dir });
        const [output] = result.outputs;
        const lines = (await readFile(output?.path ?? '', 'utf8')).split('\n').filter((l) => l !== '');
        expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual(data);
      }),
      { numRuns: 8, seed: 20261207 },
    );
  });
});
