import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  endsInsideCharacter,
  forEachTextChunk,
  LineSplitter,
  textChunks,
} from '../../../src/core/read/chunks.js';
import { DataError, excerpt } from '../../../src/core/read/errors.js';

// A text file as decoded chunks: the line named by each refusal however the file falls into
// megabytes and 64 KB pieces, the byte-order mark at the start only, progress, abort and backpressure.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-chunks-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function save(data: Buffer | string): Promise<string> {
  const path = join(dir, `t${++counter}.txt`);
  await writeFile(path, data);
  return path;
}

const options = (rejectNul = true) => ({ label: 'in.txt', totalBytes: 1, rejectNul });

async function read(data: Buffer | string, rejectNul = true): Promise<string> {
  let text = '';
  for await (const piece of textChunks(await save(data), options(rejectNul))) text += piece;
  return text;
}

async function refusal(data: Buffer | string): Promise<DataError> {
  const error = await read(data).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

const MB = 1 << 20;

describe('text chunks', () => {
  it('drops a byte-order mark at the start only', async () => {
    expect(await read('\uFEFFa\n\uFEFFb')).toBe('a\n\uFEFFb');
    expect(await read('\uFEFF')).toBe('');
    // After the first 64 KB piece, a mark at a piece's start is text.
    const later = `${'a'.repeat(65_536)}\uFEFFb`;
    expect(await read(later)).toBe(later);
  });

  it('names the line of a NUL byte, counted across pieces and megabytes', async () => {
    const lines = 'line\n'.repeat(Math.ceil((MB + 70_000) / 5));
    const nul = await refusal(Buffer.concat([Buffer.from(lines), Buffer.from('ok\nbad \0 here\n')]));
    const line = lines.length / 5 + 2;
    expect(nul.message).toBe(
      `in.txt: line ${line} holds binary data (a NUL byte); is this really a text file?`,
    );
    expect(nul.position).toBe(line);
    expect(await refusal('\0')).toMatchObject({ position: 1 });
    expect(await read(Buffer.from('a\0b'), false)).toBe('a\0b');
  });

  it('names the line of invalid UTF-8, and of a character cut by the end of the file', async () => {
    const head = 'é\n'.repeat(40_000);
    const bad = await refusal(Buffer.concat([Buffer.from(head), Buffer.from([0x61, 0x0a, 0x62, 0xff])]));
    expect(bad.message).toBe('in.txt: line 40002 is not valid UTF-8 text; save the file with UTF-8 encoding');
    expect(bad.position).toBe(40_002);
    const cut = await refusal(Buffer.concat([Buffer.from('a\nb\n'), Buffer.from([0xe2, 0x82])]));
    expect(cut.message).toBe('in.txt: line 3 ends in the middle of a UTF-8 character');
    expect(cut.position).toBe(3);
  });

  it('keeps a character cut between pieces whole, with ASCII pieces around it', async () => {
    const text = `${'a'.repeat(65_535)}€${'b'.repeat(MB)}😀${'c'.repeat(100)}`;
    expect(await read(text)).toBe(text);
  });

  it('reports progress after each megabyte, stops when aborted, and waits for backpressure', async () => {
    const path = await save('x'.repeat(MB + 10));
    const progress: number[] = [];
    let waits = 0;
    const seen: string[] = [];
    await forEachTextChunk(
      path,
      {
        ...options(),
        totalBytes: 5,
        onProgress: (p) => progress.push(p.bytesRead, p.totalBytes),
        backpressure: () => (++waits % 3 === 0 ? Promise.resolve() : undefined),
      },
      (text) => seen.push(text),
    );
    expect(progress).toEqual([MB, 5, MB + 10, 5]);
    expect(seen.join('')).toHaveLength(MB + 10);
    expect(waits).toBe(seen.length);
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    await expect(
      forEachTextChunk(path, { ...options(), signal: stop.signal }, () => undefined),
    ).rejects.toThrow('stopped');
  });

  it('knows a chunk that ends inside a character', () => {
    const bytes = Buffer.from('a€😀');
    expect(endsInsideCharacter(bytes)).toBe(false);
    expect(endsInsideCharacter(bytes.subarray(0, 2))).toBe(true);
    expect(endsInsideCharacter(bytes.subarray(0, 3))).toBe(true);
    expect(endsInsideCharacter(bytes.subarray(0, 4))).toBe(false);
    expect(endsInsideCharacter(bytes.subarray(0, 7))).toBe(true);
    expect(endsInsideCharacter(bytes.subarray(0, 5))).toBe(true);
    expect(endsInsideCharacter(Buffer.from([0x80, 0x80, 0x80, 0x80, 0x80]))).toBe(false);
    expect(endsInsideCharacter(Buffer.alloc(0))).toBe(false);
  });
});

describe('TXT lines', () => {
  it('ends a line at \\n, \\r\\n and a lone \\r, across pushes', () => {
    const lines: Array<[string, number]> = [];
    const split = new LineSplitter((text, line) => lines.push([text, line]));
    for (const piece of ['a\r', '\nb\r', 'c\n', '\r\n', 'd', 'e\r']) split.push(piece);
    expect(split.end()).toBe(6);
    expect(lines).toEqual([
      ['a', 1],
      ['b', 2],
      ['c', 3],
      ['', 4],
      ['de', 5],
      ['', 6],
    ]);
    const none = new LineSplitter(() => undefined);
    expect(none.end()).toBe(0);
  });
});

describe('an excerpt in an error line', () => {
  it('is one line of at most 60 characters', () => {
    expect(excerpt('  a\n\tb  ')).toBe('a b');
    expect(excerpt('x'.repeat(60))).toBe('x'.repeat(60));
    expect(excerpt('x'.repeat(61))).toBe(`${'x'.repeat(59)}…`);
    expect(excerpt('abcdef', 5)).toBe('abcd…');
  });
});
