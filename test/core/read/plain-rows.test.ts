import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, openSource } from '../../../src/core/read/index.js';
import { PlainRows } from '../../../src/core/read/plain-rows.js';

// Quote-free CSV is split without csv-parse (plain-rows.ts); the rows must be exactly the ones
// csv-parse gives with the options csv.ts uses, whatever the line ends and wherever the chunks cut.

const OPTIONS = {
  relax_column_count: true,
  skip_empty_lines: false,
  record_delimiter: ['\r\n', '\n', '\r'],
};

/** Seeded text of cells, delimiters and every kind of line end, blank lines included. */
function quoteFree(seed: number, length: number, delimiter: string): string {
  let state = seed;
  const next = (n: number): number => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const pieces = ['ab', 'c d', 'é', '日本', delimiter, delimiter, '\n', '\r\n', '\r', '\n\n', '\r\r\n', ''];
  let text = '';
  while (text.length < length) text += pieces[next(pieces.length)];
  return text;
}

function plainRows(text: string, delimiter: string, cuts: number): string[][] {
  const rows: string[][] = [];
  const plain = new PlainRows(delimiter, (cells) => rows.push(cells));
  let at = 0;
  for (let i = 1; i <= cuts; i++) {
    const end = Math.round((text.length * i) / cuts) - (i % 3); // cuts fall between \r and \n too
    plain.push(text.slice(at, Math.max(at, end)));
    at = Math.max(at, end);
  }
  plain.push(text.slice(at));
  plain.end();
  return rows;
}

describe('quote-free rows', () => {
  for (const [seed, delimiter] of [
    [1, ','],
    [2, ';'],
    [3, '\t'],
    [4, '|'],
  ] as const) {
    it(`are csv-parse's rows (seed ${seed}, delimiter ${JSON.stringify(delimiter)})`, () => {
      const text = quoteFree(seed, 6_000, delimiter);
      const expected = parse(text, { ...OPTIONS, delimiter }) as string[][];
      for (const cuts of [1, 7, 300]) expect(plainRows(text, delimiter, cuts)).toEqual(expected);
    });
  }
});

describe('a CSV file whose quotes begin late', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'plain-rows-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  // 3,000 plain rows (more than one 64 KB piece), then quoted cells with a line break and a quote.
  const plainPart = Array.from(
    { length: 3000 },
    (_, i) => `prompt ${i} ${'x'.repeat(i % 40)},label ${i % 7}`,
  );
  const content = `prompt,completion\r\n${plainPart.join('\r\n')}\r\n"multi\nline, with a comma","say ""hi"""\nlast,one\n`;

  it('reads every row as csv-parse reads the whole file, numbered as a spreadsheet does', async () => {
    const path = join(dir, 'late.csv');
    await writeFile(path, content);
    const source = await openSource(path, path);
    const records: Array<[number, unknown]> = [];
    await source.scan((position, value) => records.push([position, value]));
    const [, ...rows] = parse(content, { ...OPTIONS, delimiter: ',' }) as string[][];
    expect(records.map(([, value]) => value)).toEqual(
      rows.map(([prompt, completion]) => ({ prompt, completion })),
    );
    expect(records.at(-2)).toEqual([3002, { prompt: 'multi\nline, with a comma', completion: 'say "hi"' }]);
    expect(records.at(-1)?.[0]).toBe(3003);
  });

  it('takes a \\r\\n cut between two read pieces as one line end, before the first quote', async () => {
    // The 64 KB pieces of chunks.ts: the \r is the last byte of the first, the \n the first of the next.
    let text = 'prompt,completion\r\n';
    while (text.length < 65_000) text += 'plain,row\r\n';
    text += `last,${'y'.repeat(65_535 - text.length - 'last,'.length)}`;
    const path = join(dir, 'cut.csv');
    await writeFile(path, `${text}\r\n"q",r\r\n`);
    const source = await openSource(path, path);
    const records: Array<[number, unknown]> = [];
    await source.scan((position, value) => records.push([position, value]));
    expect(records.at(-1)).toEqual([records.length + 1, { prompt: 'q', completion: 'r' }]);
  });

  it('names the row of a quote that never closes after the plain rows', async () => {
    const path = join(dir, 'open.csv');
    await writeFile(path, `prompt,completion\n${plainPart.join('\n')}\nfine,row\n"never closed,x\n`);
    const error = await openSource(path, path).then((s) => s.scan(() => undefined).catch((e: unknown) => e));
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/open\.csv: row 3003: a quoted cell is never closed/);
  });

  it('names the row with too many cells among the plain rows', async () => {
    const path = join(dir, 'wide.csv');
    await writeFile(path, `prompt,completion\n${plainPart.slice(0, 2000).join('\n')}\na,b,c\n"q",r\n`);
    const error = await openSource(path, path).then((s) => s.scan(() => undefined).catch((e: unknown) => e));
    expect((error as DataError).message).toMatch(/wide\.csv: row 2002 has 3 cells but the header has 2/);
  });
});

describe('quote-free rows, pushed piece by piece', () => {
  function collect(): { plain: PlainRows; rows: string[][] } {
    const rows: string[][] = [];
    return { plain: new PlainRows(',', (cells) => rows.push(cells)), rows };
  }

  it('keeps a blank first line as a row', () => {
    const { plain, rows } = collect();
    plain.push('\na,b\n');
    plain.end();
    expect(rows).toEqual([[''], ['a', 'b']]);
    expect(plain.rows).toBe(2);
  });

  it('joins a \\r and a \\n split by an empty piece into one line end', () => {
    const { plain, rows } = collect();
    plain.push('a\r');
    plain.push('');
    plain.push('\nb');
    plain.end();
    expect(rows).toEqual([['a'], ['b']]);
  });

  it('counts the rows handed on, the last unfinished line included', () => {
    const { plain } = collect();
    plain.push('a\nb\r\nc');
    expect(plain.rows).toBe(2);
    plain.end();
    expect(plain.rows).toBe(3);
  });

  it('hands the unfinished line over once, and ends with no row after that', () => {
    const { plain, rows } = collect();
    plain.push('a\nb,');
    expect(plain.takeRest()).toBe('b,');
    expect(plain.takeRest()).toBe('');
    plain.end();
    expect(rows).toEqual([['a']]);
    expect(plain.rows).toBe(1);
  });
});
