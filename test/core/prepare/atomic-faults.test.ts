import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readlinkSync,
  realpathSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FileError } from '../../../src/core/file-errors.js';
import { AtomicLineWriter } from '../../../src/core/prepare/atomic.js';

// The atomic writer when the disk fills up under it, and the descriptors it leaves open (none). A full
// disk is staged with Linux's /dev/full, where every write fails with ENOSPC: the writer's own
// descriptor is closed and /dev/full opened in its place (a new descriptor takes the lowest free
// number, so it gets the very number the writer holds). Elsewhere these tests are skipped.
const linux = existsSync('/proc/self/fd') && existsSync('/dev/full');

const dirs: string[] = [];
function fresh(): string {
  const dir = mkdtempSync(join(tmpdir(), 'atomic-faults-'));
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** The descriptors of this process open on `path` (a removed file reads `path (deleted)`). */
function descriptorsOn(path: string): number[] {
  return readdirSync('/proc/self/fd')
    .filter((fd) => {
      try {
        const link = readlinkSync(`/proc/self/fd/${fd}`);
        return link === path || link === `${path} (deleted)`;
      } catch {
        return false;
      }
    })
    .map(Number);
}

/** Makes every later write of `writer` fail as on a full disk. */
function fillDisk(writer: AtomicLineWriter): void {
  const [fd] = descriptorsOn(realpathSync(writer.tempPath));
  if (fd === undefined) throw new Error('the writer holds no descriptor on its temp file');
  closeSync(fd);
  const held: number[] = [];
  try {
    for (let i = 0; i < 1000; i++) {
      const full = openSync('/dev/full', 'w');
      if (full === fd) return;
      held.push(full);
    }
    throw new Error(`descriptor ${fd} was taken before /dev/full could be opened in its place`);
  } finally {
    for (const other of held) closeSync(other);
  }
}

const MB = 1 << 20;
const diskFull = (target: string) => `cannot write ${target}: the disk is full`;

describe.skipIf(!linux)('AtomicLineWriter on a full disk', () => {
  it('fails the commit naming the target, never gives the target its name, and abandon removes the temp file', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    const w = new AtomicLineWriter(target);
    fillDisk(w);
    w.write('{"a":1}');
    const error = await w.commit().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toBe(diskFull(target));
    expect(existsSync(target)).toBe(false);
    // The reader is stopped at once from now on.
    await expect(w.backpressure()).rejects.toBe(error);
    await w.abandon();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('fails a whole part written at once, and every later wait for the writes', async () => {
    const dir = fresh();
    const target = join(dir, 'train.jsonl');
    const w = new AtomicLineWriter(target);
    fillDisk(w);
    const error = await w.writeWhole(Buffer.from('{"a":1}\n'), 1).catch((e: unknown) => e);
    expect((error as FileError).message).toBe(diskFull(target));
    await expect(w.backpressure()).rejects.toBe(error);
    await expect(w.close()).rejects.toBe(error);
    await w.abandon();
    expect(readdirSync(dir)).toEqual([]);
  });

  it('throws at once from a write made synchronously (too many in flight), naming the target', async () => {
    const dir = fresh();
    const target = join(dir, 'out.jsonl');
    const w = new AtomicLineWriter(target);
    fillDisk(w);
    const line = Buffer.alloc(MB + 1, 0x61);
    line[MB] = 10;
    // Twelve blocks in one go: the first eight are sent to the thread pool, the ninth is written here.
    let thrown: unknown = null;
    try {
      for (let i = 0; i < 12; i++) w.writeBytes(line);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(FileError);
    expect((thrown as FileError).message).toBe(diskFull(target));
    await expect(w.backpressure()).rejects.toBe(thrown);
    await w.abandon();
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe.skipIf(!linux)('AtomicLineWriter’s descriptors', () => {
  it('closes its temp file on commit and on abandon', async () => {
    const dir = fresh();
    const committed = new AtomicLineWriter(join(dir, 'a.jsonl'));
    const temp = realpathSync(committed.tempPath);
    committed.write('x');
    expect(descriptorsOn(temp)).toHaveLength(1);
    await committed.commit();
    expect(descriptorsOn(temp)).toEqual([]);
    expect(descriptorsOn(realpathSync(join(dir, 'a.jsonl')))).toEqual([]);

    const abandoned = new AtomicLineWriter(join(dir, 'b.jsonl'));
    const other = realpathSync(abandoned.tempPath);
    abandoned.write('y');
    await abandoned.abandon();
    expect(descriptorsOn(other)).toEqual([]);
  });
});
