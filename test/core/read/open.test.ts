import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { formatOf, openSource } from '../../../src/core/read/open.js';
import type { CellSink } from '../../../src/core/read/types.js';

// openSource is where a path becomes a format: the extension decides (any case), anything else is
// refused with the accepted list, and a path that cannot be read twice (stdin, a pipe, a directory)
// is refused before any reading. CSV/TSV get their delimiter from the first lines unless one is given.

const dir = mkdtempSync(join(tmpdir(), 'fine-tune-open-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function refusal(path: string, label?: string): Promise<DataError> {
  const error = await openSource(path, label).catch((e: unknown) => e);
  if (!(error instanceof DataError)) throw new Error(`not refused: ${String(error)}`);
  return error;
}

const ACCEPTED = '.csv, .tsv, .xlsx, .xls, .xlsb, .ods, .json, .jsonl, .txt';

describe('formatOf', () => {
  it('reads the extension in any case, and nothing else', () => {
    expect(formatOf('a/Data.CSV')).toBe('csv');
    expect(formatOf('x.JsonL')).toBe('jsonl');
    expect(formatOf('x.ods')).toBe('ods');
    expect(formatOf('x.csv.gz')).toBeNull();
    expect(formatOf('csv')).toBeNull();
  });
});

describe('openSource refusals', () => {
  it('names an unsupported extension, or its absence, with the accepted types', async () => {
    const error = await refusal(file('notes.md', 'x'), 'notes.md');
    expect(error.id).toBe('unsupported-format');
    expect(error.message).toBe(`notes.md: unsupported file type (.md); accepted types: ${ACCEPTED}`);
    const bare = await refusal(file('README', 'x'), 'README');
    expect(bare.message).toBe(`README: unsupported file type (no extension); accepted types: ${ACCEPTED}`);
  });

  it('refuses an empty path and standard input, saying why', async () => {
    const empty = await refusal('');
    expect([empty.id, empty.message]).toEqual(['file-not-found', 'no data file given (the path is empty)']);
    const stdin = await refusal('-');
    expect(stdin.id).toBe('unreadable-file');
    expect(stdin.message).toMatch(/^-: reading standard input is not supported \(the file is read twice\)/);
  });

  it('names a missing file by its label, with the accepted types', async () => {
    const error = await refusal(join(dir, 'nope.csv'), 'nope.csv');
    expect(error.id).toBe('file-not-found');
    expect(error.message).toBe(`nope.csv: no such file (accepted types: ${ACCEPTED})`);
  });

  it('tells a directory from a device', async () => {
    const folder = join(dir, 'folder.jsonl');
    mkdirSync(folder);
    expect((await refusal(folder, 'folder.jsonl')).message).toBe(
      `folder.jsonl: is a directory, not a data file (accepted types: ${ACCEPTED})`,
    );
    // (A named pipe is refused the same way; making one needs a child process, which would keep this
    // file out of the in-process tests mutation testing runs.)
    const device = await refusal('/dev/null', '/dev/null');
    expect(device.id).toBe('unreadable-file');
    expect(device.message).toBe(`/dev/null: is a device, not a regular file (accepted types: ${ACCEPTED})`);
  });

  it('says why a path under a file cannot be read', async () => {
    const parent = file('plain.txt', 'x');
    const error = await refusal(join(parent, 'data.csv'), 'data.csv');
    expect(error.id).toBe('unreadable-file');
    expect(error.message).toMatch(/^cannot read data\.csv: /);
  });
});

describe('openSource formats', () => {
  it('reads TXT and JSONL by line, CSV and JSON by row, with the format read', async () => {
    const txt = await openSource(file('a.txt', 'one\ntwo\n'));
    expect([txt.format, txt.readAs, txt.positionLabel, txt.header, txt.notes]).toEqual([
      'txt',
      'txt',
      'line',
      [],
      [],
    ]);
    const jsonl = await openSource(file('a.jsonl', '{"a":1}\n'));
    expect([jsonl.format, jsonl.readAs, jsonl.positionLabel, jsonl.notes]).toEqual([
      'jsonl',
      'jsonl',
      'line',
      [],
    ]);
    expect(jsonl.header).toEqual([]);
    const ranges: number[] = [];
    await jsonl.scanLineRanges?.({ text: () => undefined, line: (line) => ranges.push(line) });
    expect(ranges).toEqual([1]);
    const json = await openSource(file('a.json', '[{"a":1},{"a":2}]'));
    expect([json.format, json.readAs, json.positionLabel, json.header, json.notes]).toEqual([
      'json',
      'json',
      'row',
      [],
      [],
    ]);
    const seen: unknown[] = [];
    await json.scan((position, value) => seen.push([position, value]));
    expect(seen).toEqual([
      [1, { a: 1 }],
      [2, { a: 2 }],
    ]);
  });

  it('reads a .json file of JSON Lines as JSON Lines, with a note saying so', async () => {
    const source = await openSource(file('lines.json', '{"a":1}\n{"a":2}\n'));
    expect([source.format, source.readAs, source.positionLabel]).toEqual(['json', 'jsonl', 'line']);
    expect(source.notes.map((note) => note.id)).toEqual(['json-lines']);
    expect(source.notes[0]?.message).toMatch(/read as JSON Lines/);
    expect(source.notes[0]?.detail).toMatch(/naming the file \.jsonl/);
  });

  it('stops a JSON scan that was cancelled before it began', async () => {
    const source = await openSource(file('b.json', '[{"a":1}]'));
    const seen: unknown[] = [];
    const run = source.scan((p) => seen.push(p), { signal: AbortSignal.abort() });
    await expect(run).rejects.toThrow();
    expect(seen).toEqual([]);
  });

  it('detects a CSV delimiter, prefers the tab for a TSV, and takes a given one over both', async () => {
    const semi = await openSource(file('semi.csv', 'prompt;completion\na;b\n'));
    expect(semi.delimiter).toBe(';');
    const tsv = await openSource(file('one.tsv', 'prompt\na\n'));
    expect(tsv.delimiter).toBe('\t');
    const csv = await openSource(file('one.csv', 'prompt\na\n'));
    expect(csv.delimiter).toBe(',');
    const given = await openSource(file('given.csv', 'prompt;completion\na;b\n'), undefined, {
      delimiter: '|',
    });
    expect(given.delimiter).toBe('|');
  });

  it('knows a CSV header after a scan, by records or by cells', async () => {
    const source = await openSource(file('h.csv', 'prompt,completion\na,b\n'));
    expect([source.header, source.notes, source.positionLabel]).toEqual([[], [], 'row']);
    const records: unknown[] = [];
    await source.scan((position, value) => records.push([position, { ...(value as object) }]));
    expect(records).toEqual([[2, { prompt: 'a', completion: 'b' }]]);
    expect(source.header).toEqual(['prompt', 'completion']);

    const again = await openSource(file('h2.csv', 'x,y\n1,2\n'));
    const seen: unknown[] = [];
    const sink: CellSink = {
      header: (names) => seen.push([...names]),
      row: (p, cells) => seen.push([p, [...cells]]),
    };
    await again.scanCells?.(sink);
    expect(seen).toEqual([
      ['x', 'y'],
      [2, ['1', '2']],
    ]);
    expect(again.header).toEqual(['x', 'y']);
    await again.scanCells?.(sink);
    expect(again.header).toEqual(['x', 'y']);
  });
});
