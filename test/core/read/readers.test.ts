import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError, openSource } from '../../../src/core/read/index.js';
import { endsInsideCharacter } from '../../../src/core/read/chunks.js';
import { makeZip } from './zip.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'readers-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function file(name: string, content: string | Buffer): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, content);
  return path;
}

async function readAll(path: string): Promise<Array<[number, unknown]>> {
  const source = await openSource(path, path);
  const records: Array<[number, unknown]> = [];
  await source.scan((position, value) => records.push([position, value]));
  return records;
}

async function failure(path: string): Promise<DataError> {
  try {
    await readAll(path);
  } catch (error) {
    if (error instanceof DataError) return error;
    throw error;
  }
  throw new Error('expected a DataError');
}

describe('readers', () => {
  it('numbers CSV rows as a spreadsheet does, pads short rows, skips blank lines and drops the BOM', async () => {
    const path = await file('a.csv', '\uFEFFprompt,completion,x\n"multi\nline",yes,1\n\nshort\nNA,null,\n');
    expect(await readAll(path)).toEqual([
      [2, { prompt: 'multi\nline', completion: 'yes', x: '1' }],
      [4, { prompt: 'short', completion: '', x: '' }],
      [5, { prompt: 'NA', completion: 'null', x: '' }],
    ]);
  });

  it('decodes a character split across read chunks, between pure-ASCII chunks', async () => {
    // The 2-byte é starts on the last byte of the first 1 MB chunk.
    const head = 'x'.repeat((1 << 20) - 28);
    const text = `{"prompt":"${head}","completion":"é ok"}\n{"prompt":"b","completion":"${'y'.repeat(1 << 20)}"}\n`;
    const records = await readAll(await file('split.jsonl', text));
    expect((records[0]?.[1] as { completion: string }).completion).toBe('é ok');
    expect((records[1]?.[1] as { completion: string }).completion).toHaveLength(1 << 20);
  });

  it('knows when a chunk ends inside a UTF-8 character', () => {
    expect(endsInsideCharacter(Buffer.from('abc'))).toBe(false);
    expect(endsInsideCharacter(Buffer.from('é').subarray(0, 1))).toBe(true);
    expect(endsInsideCharacter(Buffer.from('a😀').subarray(0, 3))).toBe(true);
    expect(endsInsideCharacter(Buffer.from('a😀'))).toBe(false);
  });

  it('renames repeated header names with .1 and .2', async () => {
    const path = await file('dup.tsv', 'a\ta\ta\n1\t2\t3\n');
    expect(await readAll(path)).toEqual([[2, { a: '1', 'a.1': '2', 'a.2': '3' }]]);
  });

  it('reads JSON Lines with their line numbers, skipping blank lines', async () => {
    const path = await file('a.jsonl', '{"a":1}\n\n{"a":2}\r\n');
    expect(await readAll(path)).toEqual([
      [1, { a: 1 }],
      [3, { a: 2 }],
    ]);
  });

  it('reads a .json file that holds JSON Lines as JSON Lines and says so', async () => {
    const path = await file('lines.json', '{"a":1}\n{"a":2}\n');
    const source = await openSource(path);
    expect(source.readAs).toBe('jsonl');
    expect(source.notes.map((n) => n.id)).toEqual(['json-lines']);
  });

  it('reads TXT lines with \\r\\n and lone \\r, keeping the empty line after a final newline', async () => {
    const path = await file('a.txt', 'one\r\ntwo\rthree\n');
    expect((await readAll(path)).map(([p, v]) => [p, (v as { completion: string }).completion])).toEqual([
      [1, 'one'],
      [2, 'two'],
      [3, 'three'],
      [4, ''],
    ]);
  });

  it.each([
    ['missing.csv', null, 'file-not-found', /missing\.csv: no such file/],
    ['data.yaml', 'x: 1', 'unsupported-format', /data\.yaml: unsupported file type \(\.yaml\)/],
  ])('refuses %s with %s', async (name, content, id, message) => {
    const path = content === null ? join(dir, name) : await file(name, content);
    const error = await openSource(path).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).id).toBe(id);
    expect((error as DataError).message).toMatch(message);
  });

  it('refuses a directory', async () => {
    const path = join(dir, 'folder.csv');
    await mkdir(path);
    const error = (await openSource(path).catch((e: unknown) => e)) as DataError;
    expect(error.id).toBe('unreadable-file');
    expect(error.message).toContain('is a directory, not a data file');
  });

  it.each([
    ['bad.jsonl', '{"a":1}\n{"a":2}\n{"a":\n', 3, /bad\.jsonl: line 3 is not valid JSON/],
    [
      'latin1.jsonl',
      Buffer.concat([Buffer.from('{"a":"ok"}\n{"a":"caf'), Buffer.from([0xe9]), Buffer.from('"}\n')]),
      2,
      /latin1\.jsonl: line 2 is not valid UTF-8/,
    ],
    [
      'quote.csv',
      'prompt,completion\na,b\n"never closed,c\n',
      3,
      /quote\.csv: row 3: a quoted cell is never closed/,
    ],
    [
      'binary.csv',
      Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x00]),
      2,
      /binary\.csv: line 2 holds binary data/,
    ],
    ['wide.csv', 'prompt,completion\na,b,c\n', 2, /wide\.csv: row 2 has 3 cells/],
  ])('names the file and the line or row at fault: %s', async (name, content, position, message) => {
    const error = await failure(await file(name, content));
    expect(error.id).toBe('invalid-file');
    expect(error.position).toBe(position);
    expect(error.message).toMatch(message);
    expect(error.message).not.toContain('\n');
  });

  it('refuses a spreadsheet that would inflate absurdly, before parsing it', async () => {
    const bomb = makeZip([{ name: 'xl/workbook.xml', data: Buffer.alloc(4 * 1024 * 1024) }]);
    const error = (await openSource(await file('bomb.xlsx', bomb)).catch((e: unknown) => e)) as DataError;
    expect(error.id).toBe('invalid-file');
    expect(error.message).toMatch(/bomb\.xlsx: refusing to open this spreadsheet/);
  });

  it('refuses a spreadsheet whose declared size is too large', async () => {
    const big = makeZip([{ name: 'xl/a.xml', data: Buffer.from('x'), declaredSize: 300 * 1024 * 1024 }]);
    const error = (await openSource(await file('big.xlsx', big)).catch((e: unknown) => e)) as DataError;
    expect(error.message).toMatch(/big\.xlsx: refusing to open this spreadsheet \(300 MB uncompressed\)/);
  });

  it('refuses a file that is not a zip archive under the .xlsx name', async () => {
    const error = (await openSource(await file('fake.xlsx', 'prompt,completion\n')).catch(
      (e: unknown) => e,
    )) as DataError;
    expect(error.message).toMatch(/fake\.xlsx: not a valid \.xlsx file/);
  });
});
