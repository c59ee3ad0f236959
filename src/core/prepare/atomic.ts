import { randomBytes } from 'node:crypto';
import { close, closeSync, openSync, readdirSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { asFileError } from '../file-errors.js';
import { processAlive } from '../process-alive.js';

const BLOCK_BYTES = 1 << 20;
/** Rows joined (in UTF-16 units) before they are encoded together. */
const PENDING_UNITS = 1 << 15;
/** Writes allowed in flight before the reader waits (backpressure) or a write is made synchronously. */
const MAX_IN_FLIGHT = 4;

/**
 * Temp files are hidden and named for the process that writes them: `.fine-tune-PID-RANDOM.NAME.tmp`
 * (the target's name cut short, so that a long target name never makes the temp name too long).
 */
const TEMP_NAME = /^\.fine-tune-(\d+)-[0-9a-f]+\..*\.tmp$/;

function tempName(target: string): string {
  return `.fine-tune-${process.pid}-${randomBytes(4).toString('hex')}.${basename(target).slice(0, 40)}.tmp`;
}

/**
 * Removes the temp files that writers in `dir` left behind when their process was killed (kill -9, a
 * power cut): those of processes no longer running. Another run writing there now keeps its own.
 */
export function removeLeftovers(dir: string): void {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    const pid = Number(TEMP_NAME.exec(name)?.[1] ?? Number.NaN);
    if (Number.isInteger(pid) && pid !== process.pid && !processAlive(pid)) {
      rmSync(join(dir, name), { force: true });
    }
  }
}

/**
 * A JSONL file written atomically: lines go to a hidden temporary file beside the target and the file
 * is renamed into place only once complete; abandoning it removes the temp file. Lines are joined into
 * blocks of about a megabyte, encoded here and written at known offsets by libuv's thread pool, so the
 * system calls overlap with reading and checking the next rows; memory stays at a few blocks.
 */
export class AtomicLineWriter {
  readonly tempPath: string;
  private fd: number | null;
  private block: Buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  /** Rows from `writeRow` not yet encoded. */
  private pending = '';
  private offset = 0;
  private inFlight = 0;
  private failure: Error | null = null;
  private waiters: Array<() => void> = [];
  /** Blocks whose write completed, for reuse: a fresh megabyte per block would be external memory that
   * the garbage collector answers with a full collection every few blocks. */
  private readonly spare: Buffer[] = [];
  lines = 0;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), tempName(path));
    try {
      this.fd = openSync(this.tempPath, 'wx');
    } catch (error) {
      throw asFileError(error, 'write', path);
    }
  }

  /** Adds one line (without its newline). */
  write(line: string): void {
    this.drain();
    this.lines++;
    // UTF-8 takes at most 3 bytes per UTF-16 unit: encode straight into the block when it fits.
    if (this.used + 3 * line.length + 1 > BLOCK_BYTES) {
      this.flush();
      if (3 * line.length + 1 > BLOCK_BYTES) {
        this.send(Buffer.from(`${line}\n`, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(line, this.used, 'utf8');
    this.block[this.used++] = 10;
  }

  /**
   * Adds whole lines already encoded (each with its newline): bytes `start` to `end` of `source`, which
   * is copied from (the caller may reuse it afterwards).
   */
  writeBytes(source: Buffer, start = 0, end = source.length, lines = 1): void {
    this.drain();
    this.lines += lines;
    const length = end - start;
    if (this.used + length > BLOCK_BYTES) {
      this.flush();
      if (length > BLOCK_BYTES) {
        this.send(Buffer.from(source.subarray(start, end)));
        return;
      }
    }
    this.used += source.copy(this.block, this.used, start, end);
  }

  /** Adds whole lines held in `bytes`, which is written as it is (not copied) and not changed after. */
  async writeWhole(bytes: Buffer, lines = 0): Promise<void> {
    this.flush();
    this.lines += lines;
    this.send(bytes);
    await this.settled();
  }

  /** Bytes written so far (sent or buffered): the offset of the next line. */
  get bytes(): number {
    this.drain();
    return this.offset + this.used;
  }

  /**
   * Adds `{"prompt":"…","completion":"…"}` from parts that need no JSON escaping (texts cut from
   * unescaped JSON strings, tails already escaped). Rows are joined into a string of a few thousand
   * units and encoded together: one encoding call per row part costs more than the encoding itself.
   */
  writeRow(
    prompt: string,
    promptTail: string,
    space: boolean,
    completion: string,
    completionTail: string,
  ): void {
    this.lines++;
    const head = space ? ' ' : '';
    this.pending += `{"prompt":"${prompt}${promptTail}","completion":"${head}${completion}${completionTail}"}\n`;
    if (this.pending.length >= PENDING_UNITS) this.drain();
  }

  /** Encodes the rows joined by `writeRow` into the block. */
  private drain(): void {
    const text = this.pending;
    if (text === '') return;
    this.pending = '';
    if (this.used + 3 * text.length > BLOCK_BYTES) {
      this.flush();
      if (3 * text.length > BLOCK_BYTES) {
        this.send(Buffer.from(text, 'utf8'));
        return;
      }
    }
    this.used += this.block.write(text, this.used, 'utf8');
  }

  /** A promise while too many writes are pending: the reader waits on it between chunks. */
  backpressure(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inFlight < MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private flush(): void {
    this.drain();
    if (this.used === 0) return;
    const full = this.block;
    const block = full.subarray(0, this.used);
    this.block = this.spare.pop() ?? Buffer.allocUnsafe(BLOCK_BYTES);
    this.used = 0;
    this.send(block, full);
  }

  private send(block: Buffer, reusable: Buffer | null = null): void {
    const fd = this.fd;
    if (fd === null) return;
    const at = this.offset;
    this.offset += block.length;
    if (this.inFlight >= 2 * MAX_IN_FLIGHT) {
      try {
        writeSync(fd, block, 0, block.length, at);
      } catch (error) {
        throw (this.failure ??= asFileError(error, 'write', this.path) as Error);
      }
      if (reusable) this.spare.push(reusable);
      return;
    }
    this.inFlight++;
    write(fd, block, 0, block.length, at, (error) => {
      this.inFlight--;
      if (reusable) this.spare.push(reusable);
      if (error) this.failure ??= asFileError(error, 'write', this.path) as Error;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  private async settled(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  /** Writes out every line and closes the temp file, which stays (hidden) until `abandon`. */
  async close(): Promise<void> {
    this.flush();
    await this.settled();
    const fd = this.fd;
    this.fd = null;
    if (fd !== null) {
      await new Promise<void>((resolve, reject) =>
        close(fd, (e) => (e ? reject(asFileError(e, 'write', this.path)) : resolve())),
      );
    }
  }

  /** Closes the temp file and renames it to the target. */
  async commit(): Promise<void> {
    await this.close();
    try {
      renameSync(this.tempPath, this.path);
    } catch (error) {
      throw asFileError(error, 'write', this.path);
    }
  }

  async abandon(): Promise<void> {
    await this.settled().catch(() => undefined);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.tempPath, { force: true });
  }
}
