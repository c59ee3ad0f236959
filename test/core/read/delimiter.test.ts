import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectDelimiter, parseDelimiter } from '../../../src/core/read/detect-delimiter.js';
import { openSource } from '../../../src/core/read/index.js';
import { analyzeFile, writePrepared } from '../../../src/core/prepare/index.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'delimiter-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

/** The same three tickets, separated by `d`, with the delimiter and a comma inside quoted cells. */
function tickets(d: string): string {
  return [
    `prompt${d}completion`,
    `"Printer jams, again${d} help"${d}hardware`,
    `Cannot log in, twice${d}account`,
    `"Refund ""now"""${d}billing`,
    '',
  ].join('\r\n');
}

describe('delimiter detection', () => {
  it.each([',', ';', '\t', '|'] as const)('finds %j in a .csv file, and in a .tsv file', (d) => {
    expect(detectDelimiter(tickets(d), ',')).toBe(d);
    expect(detectDelimiter(tickets(d), '\t')).toBe(d);
  });

  it('keeps the extension’s delimiter on a tie, and when nothing else fits', () => {
    // Both a comma and a semicolon split every line in two: the .csv default wins, as the .tsv's would.
    expect(detectDelimiter('a;b,c\n1;2,3\n', ',')).toBe(',');
    expect(detectDelimiter('a;b,c\n1;2,3\n', ';')).toBe(';');
    expect(detectDelimiter('prompt\nhello\n', ',')).toBe(',');
    expect(detectDelimiter('', '\t')).toBe('\t');
    // A byte-order mark and a header alone.
    expect(detectDelimiter('\ufeffprompt;completion\n', ',')).toBe(';');
  });

  it('ignores delimiters inside quotes, across line breaks, and a last line the sample cut', () => {
    const text = 'prompt;completion\n"a, b\nc, d";x\n"e, f";y\n"g, h, i, j, k';
    expect(detectDelimiter(text, ',', false)).toBe(';');
  });

  it('ends a record at a lone carriage return, and skips lines of spaces', () => {
    // Old Mac line ends: three records, each split once by the comma (the header's semicolon splits none).
    expect(detectDelimiter('a,b;c\r1,2\r3,4\r', ';')).toBe(',');
    // A line of spaces before the header is no header.
    expect(detectDelimiter('   \na;b\n1;2\n', ',')).toBe(';');
    // A byte-order mark on a line of its own is not a header either.
    expect(detectDelimiter('\ufeff\na;b\n1;2\n', ',')).toBe(';');
  });

  it('judges by the rows that have the header’s number of cells, not by the most delimiters', () => {
    // The header has one semicolon and two commas; the rows agree with the semicolon only.
    expect(detectDelimiter('a;b,c,d\n1;2\n3;4\n', ',')).toBe(';');
    // A row with one cell too many counts against its delimiter.
    expect(detectDelimiter('a;b|c\n1;2;3|4\n5;6|7\n', ';')).toBe('|');
  });

  it('counts no delimiter inside quotes, nor a line break there', () => {
    // Read without quotes, the rows would hold two semicolons and the .csv comma would win the tie.
    expect(detectDelimiter('a;b,c\n"x;y";z\n"u;v";w\n', ',')).toBe(';');
    expect(detectDelimiter('a;b,c\n"x\ny";z\n"u\nv";w\n', ',')).toBe(';');
  });

  it('reads the last line of a whole sample even without a line break after it', () => {
    expect(detectDelimiter('a;b,c\n1;2', ',')).toBe(';');
    expect(detectDelimiter('a;b,c\n1;2', ',', false)).toBe(',');
  });

  it('looks at the first 50 records only', () => {
    const semicolons = new Array<string>(49).fill('1;2');
    const commas = new Array<string>(60).fill('1,2');
    expect(detectDelimiter(['a;b,c', ...semicolons, ...commas].join('\n'), ',')).toBe(';');
  });

  it('reads a name or the character for --delimiter, and nothing else', () => {
    expect(parseDelimiter('semicolon')).toBe(';');
    expect(parseDelimiter(';')).toBe(';');
    expect(parseDelimiter('TAB')).toBe('\t');
    expect(parseDelimiter('\\t')).toBe('\t');
    expect(parseDelimiter('pipe')).toBe('|');
    expect(parseDelimiter(':')).toBeNull();
    expect(parseDelimiter('')).toBeNull();
    expect(parseDelimiter(' Semicolon ')).toBe(';');
  });
});

describe('reading and preparing delimited files', () => {
  it.each([
    ['semicolon', ';'],
    ['tab', '\t'],
    ['pipe', '|'],
  ] as const)('prepares a %s-separated .csv file as the comma one', async (name, d) => {
    const path = await file(`${name}.csv`, tickets(d));
    const source = await openSource(path);
    expect(source.delimiter).toBe(d);
    const analysis = await analyzeFile(path, { deferTokens: true });
    expect(analysis.error).toBeNull();
    expect(analysis.delimiter).toBe(d);
    expect(analysis.columns).toEqual(['prompt', 'completion']);
    const result = await writePrepared(analysis, { accepted: new Set(), split: false });
    const lines = (await readFile(result.outputs[0]?.path ?? '', 'utf8')).trimEnd().split('\n');
    expect(lines.map((l) => JSON.parse(l) as unknown)).toEqual([
      { prompt: `Printer jams, again${d} help`, completion: 'hardware' },
      { prompt: 'Cannot log in, twice', completion: 'account' },
      { prompt: 'Refund "now"', completion: 'billing' },
    ]);
  });

  it('reads with the delimiter given, whatever the first lines suggest', async () => {
    const path = await file('forced.csv', 'prompt;completion\nhi;there\nbye;now\n');
    const forced = await analyzeFile(path, { deferTokens: true, delimiter: ',' });
    expect(forced.delimiter).toBe(',');
    expect(forced.error?.id).toBe('missing-column');
    expect(forced.columns).toEqual(['prompt;completion']);
  });
});
