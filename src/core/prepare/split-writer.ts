import { closeSync, openSync, readSync } from 'node:fs';
import { asFileError } from '../file-errors.js';
import { AtomicLineWriter } from './atomic.js';
import type { WriteResult } from './types.js';

/**
 * Training rows are put in order this many bytes at a time, in memory; the file of all rows is read
 * once per such part, at most MAX_PARTS times (a bigger file takes bigger parts).
 */
const PART_BYTES = 32 * 1024 * 1024;
const MAX_PARTS = 6;
const READ_BYTES = 1 << 20;

/** A file read front to back through one buffer; each line known by its offset and length. */
class ChunkReader {
  private readonly fd: number;
  chunk: Buffer = Buffer.allocUnsafe(READ_BYTES);
  private start = 0;
  private end = 0;

  constructor(path: string) {
    this.fd = openSync(path, 'r');
  }

  /** Reads into `chunk` from now on (where a copy out of it can stay within one block of memory). */
  readInto(chunk: Buffer): void {
    this.chunk = chunk;
    this.start = this.end = 0;
  }

  /** Makes [offset, offset + length) readable in `chunk`; returns where it starts there. */
  load(offset: number, length: number): number {
    if (offset < this.start || offset + length > this.end) {
      if (length > this.chunk.length) this.chunk = Buffer.allocUnsafe(length);
      const read = readSync(this.fd, this.chunk, 0, this.chunk.length, offset);
      this.start = offset;
      this.end = offset + read;
    }
    return offset - this.start;
  }

  /** Where each of the `rows` lines starts, and (last) where the file ends: one read front to back. */
  lineStarts(rows: number): Float64Array {
    const starts = new Float64Array(rows + 1);
    let line = 0;
    let position = 0;
    for (;;) {
      const read = readSync(this.fd, this.chunk, 0, this.chunk.length, position);
      if (read === 0) break;
      let at = this.chunk.indexOf(10);
      while (at !== -1 && at < read) {
        // Past `rows` lines only counted: the file is refused below (a row would be lost).
        if (++line <= rows) starts[line] = position + at + 1;
        at = this.chunk.indexOf(10, at + 1);
      }
      position += read;
    }
    this.start = this.end = 0;
    if (line !== rows) throw new Error(`split: ${line} lines written, ${rows} expected`);
    return starts;
  }

  close(): void {
    closeSync(this.fd);
  }
}

/**
 * Writes the split (docs/prepare-checks.md, "Writing"): training rows in the order of `train` (the
 * reference's permutation, or a stratified one), validation rows in file order, from `allPath`, which holds every row once (`rows` lines). Where each line starts
 * is found by one read of that file (cheaper than noting it row by row while writing it). The training file is built a part at a time (a range of the permutation of about 32 MB):
 * each part reads the file of all rows front to back, copies its rows to where they go in the part and
 * writes the part whole; validation rows go to their file on the first read. Reading each row where it
 * lies instead costs a system call per row.
 */
export async function writeSplit(
  allPath: string,
  rows: number,
  { train, valid }: { readonly train: Uint32Array; readonly valid: Uint32Array },
  trainPath: string,
  validPath: string,
  parts: { readonly bytes: number; readonly most: number } = { bytes: PART_BYTES, most: MAX_PARTS },
): Promise<WriteResult['outputs']> {
  const n = rows;
  const reader = new ChunkReader(allPath);
  let starts: Float64Array;
  try {
    starts = reader.lineStarts(n);
  } catch (error) {
    reader.close();
    throw error;
  }
  const startOf = (row: number): number => starts[row] as number;
  const lengthOf = (row: number): number => (starts[row + 1] as number) - (starts[row] as number);
  // Where each row goes: its rank in the training file (-1: validation), and where that rank's bytes
  // start in its part.
  const rank = new Int32Array(n).fill(-1);
  for (let k = 0; k < train.length; k++) rank[train[k] as number] = k;
  let trainBytes = 0;
  for (const row of train) trainBytes += lengthOf(row);
  const limit = Math.max(parts.bytes, Math.ceil(trainBytes / parts.most));
  const partStarts: number[] = [0];
  const partSizes: number[] = [];
  const at = new Float64Array(train.length);
  let size = 0;
  for (let k = 0; k < train.length; k++) {
    const length = lengthOf(train[k] as number);
    if (size > 0 && size + length > limit) {
      partStarts.push(k);
      partSizes.push(size);
      size = 0;
    }
    at[k] = size;
    size += length;
  }
  partSizes.push(size);
  const writers: AtomicLineWriter[] = [];
  try {
    const trainWriter = new AtomicLineWriter(trainPath);
    writers.push(trainWriter);
    const validWriter = new AtomicLineWriter(validPath);
    writers.push(validWriter);
    // One buffer for every part (the training writer is done with a part before the next one is built),
    // and the reader's chunk after it: a row then moves with `copyWithin`, which makes no view per row
    // as `Buffer.copy` does (200k rows: a third of the split's CPU, and garbage). A row longer than the
    // chunk gets a chunk of its own, copied from as before.
    const partBytes = Math.max(...partSizes);
    const buffer = Buffer.allocUnsafe(partBytes + READ_BYTES);
    const shared = buffer.subarray(partBytes);
    reader.readInto(shared);
    for (let p = 0; p < partSizes.length; p++) {
      const first = partStarts[p] as number;
      const end = partStarts[p + 1] ?? train.length;
      const part = buffer.subarray(0, partSizes[p]);
      for (let row = 0; row < n; row++) {
        const k = rank[row] as number;
        if (k === -1 ? p !== 0 : k < first || k >= end) continue;
        const length = lengthOf(row);
        const from = reader.load(startOf(row), length);
        if (k === -1) validWriter.writeBytes(reader.chunk, from, from + length);
        else if (reader.chunk === shared)
          buffer.copyWithin(at[k] as number, partBytes + from, partBytes + from + length);
        else reader.chunk.copy(part, at[k] as number, from, from + length);
      }
      await trainWriter.writeWhole(part);
    }
    await trainWriter.commit();
    await validWriter.commit();
  } catch (error) {
    await Promise.all(writers.map((w) => w.abandon()));
    throw asFileError(error, 'write', trainPath);
  } finally {
    reader.close();
  }
  return [
    { path: trainPath, role: 'train', examples: train.length },
    { path: validPath, role: 'valid', examples: valid.length },
  ];
}
