import { closeSync, existsSync, openSync, readdirSync, readlinkSync, realpathSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FileError } from '../../../src/core/file-errors.js';
import { splitIndices } from '../../../src/core/prepare/split.js';
import { writeSplit } from '../../../src/core/prepare/split-writer.js';

// The split writer's edges: the count of lines it is told against the lines there are, a read buffer
// that still holds the tail of an earlier read, the outputs it reports, and what it leaves behind when
// a write fails.

let dir = '';
let cases = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'split-faults-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

/** A fresh folder holding the file of all rows (one line each). */
async function staged(rows: readonly string[]): Promise<{ at: string; all: string }> {
  const at = join(dir, `case-${++cases}`);
  await mkdir(at);
  const all = join(at, 'all.jsonl');
  await writeFile(all, rows.map((r) => `${r}\n`).join(''));
  return { at, all };
}

const rowsOf = (n: number, width = 0): string[] =>
  Array.from({ length: n }, (_, i) =>
    JSON.stringify({ prompt: `p${i} ${'z'.repeat(width)}`, completion: ` ${i}` }),
  );

const linesOf = async (path: string): Promise<string[]> =>
  (await readFile(path, 'utf8')).split('\n').slice(0, -1);

/** How many descriptors of this process are open on `path` (Linux: /proc/self/fd). */
const hasProc = existsSync('/proc/self/fd');
function openOn(path: string): number {
  const real = realpathSync(path);
  return readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === real;
    } catch {
      return false;
    }
  }).length;
}

/** Puts a folder where the descriptor open on `path` was: every later read of it fails (EISDIR). */
function folderUnder(path: string, folder: string): void {
  const real = realpathSync(path);
  const fd = Number(
    readdirSync('/proc/self/fd').find((d) => {
      try {
        return readlinkSync(`/proc/self/fd/${d}`) === real;
      } catch {
        return false;
      }
    }),
  );
  closeSync(fd);
  // A new descriptor takes the lowest free number: open the folder until it gets that one.
  const held: number[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      const opened = openSync(folder, 'r');
      if (opened === fd) return;
      held.push(opened);
    }
    throw new Error(`descriptor ${fd} was taken before the folder could be opened in its place`);
  } finally {
    for (const other of held) closeSync(other);
  }
}

describe('the split writer against the count of rows it is told', () => {
  it('refuses a file of all rows with fewer lines than told, naming both counts, and leaves nothing', async () => {
    const rows = rowsOf(30);
    const { at, all } = await staged(rows);
    const split = splitIndices(31);
    await expect(writeSplit(all, 31, split, join(at, 't.jsonl'), join(at, 'v.jsonl'))).rejects.toThrow(
      'split: 30 lines written, 31 expected',
    );
    expect(await readdir(at)).toEqual(['all.jsonl']);
    if (hasProc) expect(openOn(all)).toBe(0);
  });

  it('refuses a file of all rows with more lines than told (a row would be lost)', async () => {
    const rows = rowsOf(30);
    const { at, all } = await staged(rows);
    await expect(
      writeSplit(all, 29, splitIndices(29), join(at, 't.jsonl'), join(at, 'v.jsonl')),
    ).rejects.toThrow('split: 30 lines written, 29 expected');
    expect(await readdir(at)).toEqual(['all.jsonl']);
  });

  it('stops at the end of the last read even where the byte after it, left from the first read, ends a line', async () => {
    // 1 MiB + 99 bytes: the last read is 99 bytes, and the buffer's byte 99 still holds the end of
    // the first line (99 bytes long) from the first read.
    const rows = [
      'a'.repeat(99),
      ...Array.from({ length: 1048 }, (_, i) => `${i}`.padEnd(999, 'b')),
      'c'.repeat(574),
    ];
    expect(rows.reduce((n, r) => n + r.length + 1, 0)).toBe((1 << 20) + 99);
    const { at, all } = await staged(rows);
    const { train, valid } = splitIndices(rows.length);
    await writeSplit(all, rows.length, { train, valid }, join(at, 't.jsonl'), join(at, 'v.jsonl'));
    expect(await linesOf(join(at, 'v.jsonl'))).toEqual([...valid].map((i) => rows[i]));
  });

  it('writes a file without a validation row, and reports each output with its role and count', async () => {
    const rows = rowsOf(5);
    const { at, all } = await staged(rows);
    const train = Uint32Array.from([4, 0, 2, 1, 3]);
    const outputs = await writeSplit(
      all,
      rows.length,
      { train, valid: new Uint32Array(0) },
      join(at, 't.jsonl'),
      join(at, 'v.jsonl'),
    );
    expect(outputs).toEqual([
      { path: join(at, 't.jsonl'), role: 'train', examples: 5 },
      { path: join(at, 'v.jsonl'), role: 'valid', examples: 0 },
    ]);
    expect(await linesOf(join(at, 't.jsonl'))).toEqual([4, 0, 2, 1, 3].map((i) => rows[i]));
    expect(await readFile(join(at, 'v.jsonl'), 'utf8')).toBe('');
    if (hasProc) expect(openOn(all)).toBe(0);
  });
});

describe('the split writer when a write fails', () => {
  it('names the validation file it cannot create and removes the training temp file it began', async () => {
    const rows = rowsOf(20);
    const { at, all } = await staged(rows);
    const validPath = join(at, 'missing', 'v.jsonl');
    const error = await writeSplit(
      all,
      rows.length,
      splitIndices(rows.length),
      join(at, 't.jsonl'),
      validPath,
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).path).toBe(validPath);
    expect(await readdir(at)).toEqual(['all.jsonl']);
    if (hasProc) expect(openOn(all)).toBe(0);
  });

  it.skipIf(!hasProc)(
    'abandons both files when the file of all rows cannot be read again half-way',
    async () => {
      // 2.5 MiB of rows, more than the 1 MiB read buffer, in parts of 100 kB: each part reads the file
      // again from its start. Once the first part is on its way, reads of the file fail.
      const rows = rowsOf(2500, 1000);
      const { at, all } = await staged(rows);
      const trainPath = join(at, 't.jsonl');
      const writing = writeSplit(
        all,
        rows.length,
        splitIndices(rows.length),
        trainPath,
        join(at, 'v.jsonl'),
        {
          bytes: 100_000,
          most: 1e9,
        },
      );
      folderUnder(all, at);
      const error = await writing.catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FileError);
      expect((error as FileError).message).toBe(`cannot write ${trainPath}: it is a directory`);
      expect(await readdir(at)).toEqual(['all.jsonl']);
      expect(openOn(all)).toBe(0);
    },
  );

  it('names the training file it cannot put in place, and leaves neither output nor temp file', async () => {
    const rows = rowsOf(20);
    const { at, all } = await staged(rows);
    // A folder where the training file should go: the rename at the end fails.
    const trainPath = join(at, 't.jsonl');
    await mkdir(trainPath);
    const error = await writeSplit(
      all,
      rows.length,
      splitIndices(rows.length),
      trainPath,
      join(at, 'v.jsonl'),
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toMatch(/^cannot write .*t\.jsonl: /);
    expect((await readdir(at)).sort()).toEqual(['all.jsonl', 't.jsonl']);
    expect(await readdir(trainPath)).toEqual([]);
    if (hasProc) expect(openOn(all)).toBe(0);
  });
});
