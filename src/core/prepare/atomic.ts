import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

const FLUSH_CHARS = 1 << 20;

/**
 * A JSONL file written atomically: lines go to a temporary file beside the target and the file is
 * renamed into place only once complete; abandoning it removes the temp file. Lines are joined into
 * writes of about a megabyte and written synchronously: the writes land in the page cache, and a
 * stream's per-chunk callbacks cost more than they save here.
 */
export class AtomicLineWriter {
  readonly tempPath: string;
  private fd: number | null;
  private buffer: string[] = [];
  private bufferedChars = 0;
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

  /** Kept for callers that pace reading on the writer: synchronous writes never fall behind. */
  backpressure(): Promise<void> | undefined {
    return undefined;
  }

  private flush(): void {
    if (this.buffer.length === 0 || this.fd === null) return;
    this.buffer.push('');
    writeSync(this.fd, this.buffer.join('\n'));
    this.buffer = [];
    this.bufferedChars = 0;
  }

  async commit(): Promise<void> {
    this.flush();
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    renameSync(this.tempPath, this.path);
  }

  async abandon(): Promise<void> {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
    rmSync(this.tempPath, { force: true });
  }
}
