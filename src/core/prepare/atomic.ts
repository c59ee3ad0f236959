import { close, closeSync, openSync, renameSync, rmSync, write, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const BLOCK_BYTES = 1 << 20;
const PROMPT_OPEN = Buffer.from('{"prompt":"');
const MIDDLE = Buffer.from('","completion":"');
const CLOSE = Buffer.from('"}\n');
const SPACE = 32;
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
  private block: Buffer = Buffer.allocUnsafe(BLOCK_BYTES);
  private used = 0;
  private offset = 0;
  private inFlight = 0;
  private failure: Error | null = null;
  private waiters: Array<() => void> = [];
  /** Blocks whose write completed, for reuse: a fresh megabyte per block would be external memory that
   * the garbage collector answers with a full collection every few blocks. */
  private readonly spare: Buffer[] = [];
  lines = 0;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    this.fd = openSync(this.tempPath, 'wx');
  }

  /** Adds one line (without its newline). */
  write(line: string): void {
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

  /** Bytes written so far (sent or buffered): the offset of the next line. */
  get bytes(): number {
    return this.offset + this.used;
  }

  /**
   * Writes `{"prompt":"…","completion":"…"}` from parts that need no JSON escaping (texts cut from
   * unescaped JSON strings, tails already encoded), copying each part into the block: no line string
   * is built.
   */
  writeRow(
    prompt: string,
    promptTail: Buffer,
    space: boolean,
    completion: string,
    completionTail: Buffer,
  ): void {
    const need = 3 * (prompt.length + completion.length) + promptTail.length + completionTail.length + 32;
    if (this.used + need > BLOCK_BYTES) {
      this.flush();
      if (need > BLOCK_BYTES) {
        const head = space ? ' ' : '';
        this.write(
          `{"prompt":"${prompt}${promptTail.toString()}","completion":"${head}${completion}${completionTail.toString()}"}`,
        );
        return;
      }
    }
    const b = this.block;
    let u = this.used;
    u += PROMPT_OPEN.copy(b, u);
    u += b.write(prompt, u, 'utf8');
    u += promptTail.copy(b, u);
    u += MIDDLE.copy(b, u);
    if (space) b[u++] = SPACE;
    u += b.write(completion, u, 'utf8');
    u += completionTail.copy(b, u);
    u += CLOSE.copy(b, u);
    this.used = u;
    this.lines++;
  }

  /** A promise while too many writes are pending: the reader waits on it between chunks. */
  backpressure(): Promise<void> | undefined {
    if (this.failure) return Promise.reject(this.failure);
    if (this.inFlight < MAX_IN_FLIGHT) return undefined;
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private flush(): void {
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
      writeSync(fd, block, 0, block.length, at);
      if (reusable) this.spare.push(reusable);
      return;
    }
    this.inFlight++;
    write(fd, block, 0, block.length, at, (error) => {
      this.inFlight--;
      if (reusable) this.spare.push(reusable);
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
