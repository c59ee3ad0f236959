import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  endsInsideCharacter,
  forEachTextChunk,
  LineSplitter,
  textChunks,
} from '../../../src/core/read/chunks.js';
import { DataError } from '../../../src/core/read/errors.js';

// A text file as decoded chunks, at the edges text-chunks.test.ts leaves: a character whose first
// bytes end a 64 KB piece and whose rest never comes, and the lead bytes of each length.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-chunk-edges-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function refusal(data: Buffer): Promise<DataError> {
  const path = join(dir, `in${++counter}.txt`);
  await writeFile(path, data);
  const error = await (async () => {
    for await (const text of textChunks(path, { label: 'in.txt', totalBytes: 1, rejectNul: true })) void text;
  })().catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('a character cut at the end of a piece', () => {
  it('is refused on its own line when plain ASCII follows instead of the rest of it', async () => {
    // The piece after the cut is ASCII: it must still go through the decoder holding the first byte.
    const error = await refusal(
      Buffer.concat([Buffer.from('x'.repeat(65_535)), Buffer.from([0xe2]), Buffer.from('abc\n'.repeat(100))]),
    );
    expect(error.message).toBe('in.txt: line 1 is not valid UTF-8 text; save the file with UTF-8 encoding');
    expect(error.position).toBe(1);
  });
});

describe('a byte that cannot be there', () => {
  it('is named on its own line, also when stray continuation bytes come before it', async () => {
    // The bytes before the fault are skipped only when they finish a character cut at the last piece.
    const stray = await refusal(Buffer.from([0x80, 0x0a, 0xff]));
    expect(stray.position).toBe(1);
    const cut = await refusal(
      Buffer.concat([
        Buffer.from('x'.repeat(65_535)),
        Buffer.from([0xf0]),
        Buffer.from([0x9f, 0x98, 0x80, 0x80, 0x0a, 0xff]),
      ]),
    );
    expect(cut.message).toBe('in.txt: line 1 is not valid UTF-8 text; save the file with UTF-8 encoding');
  });

  it('is an invalid file when the file ends inside a character', async () => {
    const error = await refusal(Buffer.from([0x61, 0xe2, 0x82]));
    expect(error.id).toBe('invalid-file');
    expect(error.message).toBe('in.txt: line 1 ends in the middle of a UTF-8 character');
  });
});

describe('text handed on piece by piece', () => {
  it('waits for the sink before handing on the next piece', async () => {
    const path = join(dir, 'long.txt');
    await writeFile(path, 'x'.repeat(200_000));
    let seen = 0;
    let release: (() => void) | null = null;
    const reading = forEachTextChunk(
      path,
      {
        label: 'in.txt',
        totalBytes: 1,
        rejectNul: true,
        backpressure: () => (release === null ? new Promise<void>((r) => (release = r)) : undefined),
      },
      () => void seen++,
    );
    await vi.waitFor(() => expect(release).not.toBeNull());
    expect(seen).toBe(1);
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
    expect(seen).toBe(1);
    (release as unknown as () => void)();
    await reading;
    expect(seen).toBe(4);
  });
});

describe('TXT lines at the edges', () => {
  const lines = (...pieces: string[]): string[] => {
    const seen: string[] = [];
    const split = new LineSplitter((text) => seen.push(text));
    for (const piece of pieces) split.push(piece);
    split.end();
    return seen;
  };

  it('ends a line at a \\n that starts a piece, unless a \\r ended the piece before', () => {
    expect(lines('\nA')).toEqual(['', 'A']);
    expect(lines('a\n', '\nb')).toEqual(['a', '', 'b']);
    expect(lines('a\r', 'b', '\nc')).toEqual(['a', 'b', 'c']);
    expect(lines('a\r', '\nb')).toEqual(['a', 'b']);
  });

  it('has one line for text without a line end', () => {
    const seen: string[] = [];
    const split = new LineSplitter((text) => seen.push(text));
    split.push('abc');
    expect(split.end()).toBe(1);
    expect(seen).toEqual(['abc']);
  });
});

describe('the lead byte of a character', () => {
  it('says how many bytes follow it, from each lowest lead byte', () => {
    expect(endsInsideCharacter(Buffer.from([0xc0]))).toBe(true);
    expect(endsInsideCharacter(Buffer.from([0xbf]))).toBe(false);
    expect(endsInsideCharacter(Buffer.from([0xe0, 0xa0]))).toBe(true);
    expect(endsInsideCharacter(Buffer.from('ࠀ'))).toBe(false);
    expect(endsInsideCharacter(Buffer.from([0xf0, 0x90, 0x80]))).toBe(true);
    expect(endsInsideCharacter(Buffer.from('𐀀'))).toBe(false);
    expect(endsInsideCharacter(Buffer.from('aé'))).toBe(false);
  });
});
