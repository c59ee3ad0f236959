import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endsInsideCharacter, textChunks } from '../../../src/core/read/chunks.js';
import { DataError } from '../../../src/core/read/errors.js';

// A text file as decoded chunks, at the edges text-chunks.test.ts leaves: a character whose first
// bytes end a 64 KB piece and whose rest never comes, and the lead bytes of each length.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'text-chunk-edges-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function refusal(data: Buffer): Promise<DataError> {
  const path = join(dir, 'in.txt');
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
