import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanDelimited, scanDelimitedCells, uniqueHeader } from '../../../src/core/read/csv.js';
import { DataError } from '../../../src/core/read/errors.js';

// CSV and TSV rows are numbered as a spreadsheet shows them (header = row 1): an error names the
// row a person opens, whether the rows before it had quotes (csv-parse reads them) or not (plain
// split); a byte-order mark is dropped only at the file's start; short rows are padded.

const dir = mkdtempSync(join(tmpdir(), 'fine-tune-csv-'));
let n = 0;
function file(content: string | Buffer): { path: string; bytes: number } {
  const path = join(dir, `data-${++n}.csv`);
  writeFileSync(path, content);
  return { path, bytes: Buffer.byteLength(content) };
}

type Seen = { header: string[] | null; rows: Array<[number, string[]]> };
async function cells(content: string | Buffer, delimiter = ','): Promise<Seen> {
  const { path, bytes } = file(content);
  const seen: Seen = { header: null, rows: [] };
  await scanDelimitedCells(path, 'data.csv', delimiter, bytes, {
    header: (names) => (seen.header = [...names]),
    row: (position, values) => seen.rows.push([position, [...values]]),
  });
  return seen;
}

async function refusal(content: string, delimiter = ','): Promise<DataError> {
  const error = await cells(content, delimiter).catch((e: unknown) => e);
  if (!(error instanceof DataError)) throw new Error(`not refused: ${String(error)}`);
  return error;
}

describe('uniqueHeader', () => {
  it('names blanks by their column and numbers repeats as pandas does', () => {
    expect(uniqueHeader(['a', '', 'a', 'a', '', 'b'])).toEqual([
      'a',
      'Unnamed: 1',
      'a.1',
      'a.2',
      'Unnamed: 4',
      'b',
    ]);
  });
  it('skips a number already taken by a real column', () => {
    expect(uniqueHeader(['a', 'a.1', 'a', 'a'])).toEqual(['a', 'a.1', 'a.2', 'a.3']);
  });
});

describe('scanDelimitedCells', () => {
  it('reads plain rows with their spreadsheet numbers, padding short rows and skipping blank lines', async () => {
    expect(await cells('a,b,c\n1,2,3\n\n4\n5,6\n')).toEqual({
      header: ['a', 'b', 'c'],
      rows: [
        [2, ['1', '2', '3']],
        [4, ['4', '', '']],
        [5, ['5', '6', '']],
      ],
    });
  });

  it('gives an empty header for an empty file', async () => {
    expect(await cells('')).toEqual({ header: [], rows: [] });
  });

  it('keeps the row numbers across the switch to the quoted reader, a multi-line cell being one row', async () => {
    const seen = await cells('a,b\n1,x\n\n2,"two\nlines"\n3,"say ""hi"""\n\n4\n');
    expect(seen.rows).toEqual([
      [2, ['1', 'x']],
      [4, ['2', 'two\nlines']],
      [5, ['3', 'say "hi"']],
      [7, ['4', '']],
    ]);
  });

  it('reads \\r\\n, \\n and lone \\r mixed in one file, before and after a quote', async () => {
    const seen = await cells('a,b\r\n1,2\r3,4\n"5",6\r\n7,8\r9,10\n');
    expect(seen.rows.map(([, c]) => c)).toEqual([
      ['1', '2'],
      ['3', '4'],
      ['5', '6'],
      ['7', '8'],
      ['9', '10'],
    ]);
  });

  it('drops a byte-order mark at the start, with or without quotes on the first line', async () => {
    expect((await cells('\ufeffa,b\n1,2\n')).header).toEqual(['a', 'b']);
    expect((await cells('\ufeff"a",b\n1,2\n')).header).toEqual(['a', 'b']);
    // chunks.ts drops one mark; a second one is dropped here too (pandas reads such files so).
    expect((await cells('\ufeff\ufeffa,b\n1,2\n')).header).toEqual(['a', 'b']);
    expect((await cells('\ufeff\ufeff"a",b\n1,2\n')).header).toEqual(['a', 'b']);
  });

  it('keeps a byte-order mark that starts a later line: it is part of that cell', async () => {
    const seen = await cells('a,b\n"1",2\n\ufeffx,y\n');
    expect(seen.rows[1]).toEqual([3, ['\ufeffx', 'y']]);
    const plain = await cells('a,b\n\ufeffx,y\n');
    expect(plain.rows[0]).toEqual([2, ['\ufeffx', 'y']]);
  });

  it('splits on the delimiter it is given: a comma inside a TSV cell stays', async () => {
    const seen = await cells('a\tb\n1,5\t"x\ty"\n', '\t');
    expect(seen).toEqual({ header: ['a', 'b'], rows: [[2, ['1,5', 'x\ty']]] });
  });

  it('refuses a row with more cells than the header, naming the row and the counts', async () => {
    const plain = await refusal('a,b\n1,2\n\n1,2,3\n');
    expect(plain.message).toBe('data.csv: row 4 has 3 cells but the header has 2; check its quoting');
    expect(plain.position).toBe(4);
    expect(plain.id).toBe('invalid-file');
    const quoted = await refusal('a,b\n"1",2\n1,"2,3",4\n');
    expect(quoted.message).toBe('data.csv: row 3 has 3 cells but the header has 2; check its quoting');
  });

  it('accepts a row as wide as the header', async () => {
    expect((await cells('a,b\n1,2\n')).rows).toEqual([[2, ['1', '2']]]);
  });

  it('names the row of a quote that never closes, counting the plain rows before the quote', async () => {
    const error = await refusal('a,b\n1,2\n3,4\n5,"open\n6,7\n');
    expect(error.message).toBe('data.csv: row 4: a quoted cell is never closed');
    expect(error.position).toBe(4);
  });

  it('names text after a closing quote and a quote inside an unquoted cell', async () => {
    const after = await refusal('a,b\n"1",2\n"3"x,4\n');
    expect(after.message).toBe('data.csv: row 3: a quoted cell has text after its closing quote');
    expect(after.position).toBe(3);
    const inside = await refusal('a,b\n"1",2\n3,4\nx"y,5\n');
    expect(inside.message).toBe('data.csv: row 4: a quote appears in the middle of an unquoted cell');
    expect(inside.position).toBe(4);
  });
});

describe('scanDelimitedCells while its reader waits', () => {
  // A writer whose disk is behind makes reading wait (`backpressure`): no row may arrive meanwhile.
  async function waited(content: string): Promise<{ rows: number; atCalls: number[]; early: number }> {
    const { path, bytes } = file(content);
    let rows = 0;
    let waiting = false;
    let early = 0;
    const atCalls: number[] = [];
    await scanDelimitedCells(
      path,
      'big.csv',
      ',',
      bytes,
      {
        header: () => undefined,
        row: () => {
          rows++;
          if (waiting) early++;
        },
      },
      {
        backpressure: () => {
          atCalls.push(rows);
          waiting = true;
          return new Promise((resolve) =>
            setImmediate(() => {
              waiting = false;
              resolve();
            }),
          );
        },
      },
    );
    return { rows, atCalls, early };
  }

  // (The header has no quote: csv-parse starts at row 2, so its 1024th record is data row 1024.)
  it('waits every 1024 records once csv-parse reads', async () => {
    const quoted = 'a,b\n' + Array.from({ length: 3000 }, (_, i) => `"${i}",x`).join('\n') + '\n';
    expect(await waited(quoted)).toEqual({ rows: 3000, atCalls: [1024, 2048], early: 0 });
  });

  it('waits after each chunk of plain rows', async () => {
    const line = 'some prompt text here,and its completion\n';
    const plain = 'a,b\n' + line.repeat(Math.ceil((2.5 * (1 << 20)) / line.length));
    const result = await waited(plain);
    expect(result.early).toBe(0);
    expect(result.atCalls.length).toBeGreaterThan(1);
  });

  it('refuses binary data met after the first quote, naming its line', async () => {
    // The quote is near the end of the first 1 MiB read, the NUL in the second.
    const start = 'a,b\n' + '3,4\n'.repeat(262_000) + '"1",2\n' + '3,4\n'.repeat(200);
    const { path, bytes } = file(start + '5\u0000,6\n');
    const error = await scanDelimitedCells(path, 'bin.csv', ',', bytes, {
      header: () => undefined,
      row: () => undefined,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/^bin\.csv: line 262203 holds binary data/);
  });
});

describe('scanDelimited', () => {
  it('hands records keyed by the header and returns the header, a __proto__ column included', async () => {
    const { path, bytes } = file('__proto__,b\n1,2\n3\n');
    const seen: Array<[number, unknown]> = [];
    const header = await scanDelimited(path, 'data.csv', ',', bytes, (position, value) =>
      seen.push([position, value]),
    );
    expect(header).toEqual(['__proto__', 'b']);
    expect(seen.map(([p, v]) => [p, { ...(v as object) }])).toEqual([
      [2, { ['__proto__']: '1', b: '2' }],
      [3, { ['__proto__']: '3', b: '' }],
    ]);
    expect(Object.getPrototypeOf(seen[0]?.[1])).toBeNull();
    expect(Object.keys(seen[0]?.[1] as object)).toEqual(['__proto__', 'b']);
  });
});
