import { createWriteStream, type WriteStream } from 'node:fs';
import { rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * A JSONL file written atomically: lines go to a temporary file beside the target, buffered into large
 * writes, and the file is renamed into place only once complete. Abandoning it removes the temp file.
 */
export class AtomicLineWriter {
  readonly tempPath: string;
  private readonly stream: WriteStream;
  private buffer: string[] = [];
  private bufferedChars = 0;
  lines = 0;

  constructor(readonly path: string) {
    this.tempPath = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now().toString(36)}.tmp`);
    this.stream = createWriteStream(this.tempPath, { flags: 'wx' });
  }

  /** Adds one line (without its newline), buffered into writes of about a megabyte. */
  write(line: string): void {
    this.buffer.push(line);
    this.bufferedChars += line.length + 1;
    this.lines++;
    if (this.bufferedChars >= 1 << 20) this.flush();
  }

  /** A promise while the disk is behind: the reader waits on it between chunks. */
  backpressure(): Promise<void> | undefined {
    if (!this.stream.writableNeedDrain) return undefined;
    return new Promise((resolve) => this.stream.once('drain', resolve));
  }

  private flush(): void {
    if (this.buffer.length === 0) return;
    this.stream.write(this.buffer.join('\n') + '\n');
    this.buffer = [];
    this.bufferedChars = 0;
  }

  async commit(): Promise<void> {
    this.flush();
    await new Promise<void>((resolve, reject) => {
      this.stream.once('error', reject);
      this.stream.end(resolve);
    });
    await rename(this.tempPath, this.path);
  }

  async abandon(): Promise<void> {
    this.stream.destroy();
    await rm(this.tempPath, { force: true });
  }
}
