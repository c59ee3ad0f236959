import { close, closeSync, openSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const FLUSH_CHARS = 1 << 20;
/** Writes allowed in flight before the reader waits (backpressure) or a write is made synchronously. */
const MAX_IN_FLIGHT = 4;

/**
 * A JSONL file written atomically: lines go to a temporary file beside the target and the file is
 * renamed into place only once complete; abandoning it removes the temp file. Lines are joined into
 * blocks of about a megabyte, encoded here and written at known offsets by libuv's thread pool, so the
 * system calls overlap with reading and checking the next rows; memory stays at a few blocks.
 */
export class AtomicLineWriter {
  readonly tempPath: string;
  private fd: number | null;
  private buffer: string[] = [];
  private bufferedChars = 0;
  private offset = 0;
  private inFlight = 0;
  private failure: Error | null = null;
  private waiters: Array<() => void> = [];
  lines = 0;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    this.fd = openSync(this.tempPath, 'wx');
  }

  /** Adds one line (without its newline). */
  write(line: string): void {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.lines++;
    if (this.bufferedChars >= FLUSH_CHARS) this.flush();
  }

  /** A promise while too many writes are pending: the reader waits on it between chunks. */
  backpressure(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inFlight < MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private flush(): void {
    const fd = this.fd;
    if (this.buffer.length === 0 || fd === null) return;
    this.buffer.push('');
    const block = Buffer.from(this.buffer.join('\n'), 'utf8');
    this.buffer = [];
    this.bufferedChars = 0;
    const at = this.offset;
    this.offset += block.length;
    if (this.inFlight >= 2 * MAX_IN_FLIGHT) {
      writeSync(fd, block, 0, block.length, at);
      return;
    }
    this.inFlight++;
    write(fd, block, 0, block.length, at, (error) => {
      this.inFlight--;
      if (error) this.failure ??= error;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  private async settled(): Promise<void> {
    while (this.inFlight > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.failure) throw this.failure;
  }

  async commit(): Promise<void> {
    this.flush();
    await this.settled();
    const fd = this.fd;
    this.fd = null;
    if (fd !== null)
      await new Promise<void>((resolve, reject) => close(fd, (e) => (e ? reject(e) : resolve())));
    renameSync(this.tempPath, this.path);
  }

  async abandon(): Promise<void> {
    await this.settled().catch(() => undefined);
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.tempPath, { force: true });
  }
}
