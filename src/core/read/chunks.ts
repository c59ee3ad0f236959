import { isAscii } from 'node:buffer';
import { open } from 'node:fs/promises';
import { DataError } from './errors.js';
import type { ScanOptions } from './types.js';
import { countNewlines, firstInvalidUtf8 } from './utf8.js';

const CHUNK = 1 << 20;
const PIECE = 1 << 16;

export interface TextChunkOptions extends ScanOptions {
  readonly label: string;
  readonly totalBytes: number;
  /** Text formats (CSV, TSV, TXT) refuse NUL bytes: they mean a binary file with the wrong name. */
  readonly rejectNul: boolean;
}

/**
 * Streams a file as decoded text chunks. Decoding is fatal: invalid UTF-8 stops with the line it is on.
 * A leading byte-order mark is dropped. Memory stays at one chunk. Chunks of pure ASCII (most data
 * files, most of the time) skip the decoder: they are valid UTF-8 by definition, and copying their
 * bytes is ten times faster than decoding them.
 */
export async function* textChunks(path: string, options: TextChunkOptions): AsyncGenerator<string> {
  // The BOM is handled here, at the start of the file only: the decoder may first see a later chunk.
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let first = true;
  /** The decoder holds the first bytes of a character split across chunks. */
  let pending = false;
  let bytesRead = 0;
  let newlinesBefore = 0;
  const handle = await open(path, 'r');
  // Two buffers, reused: the next chunk is read into one while the other is decoded. A fresh megabyte
  // per chunk (as a read stream allocates) is external memory that the garbage collector answers with
  // a full collection every few chunks.
  const buffers: Buffer[] = [Buffer.allocUnsafe(CHUNK), Buffer.allocUnsafe(CHUNK)];
  let turn = 0;
  let next: Promise<{ bytesRead: number }> = handle.read(buffers[0] as Buffer, 0, CHUNK, 0);
  let offset = 0;
  try {
    for (;;) {
      const size = (await next).bytesRead;
      if (size === 0) break;
      const read = (buffers[turn] as Buffer).subarray(0, size);
      turn ^= 1;
      offset += size;
      next = handle.read(buffers[turn] as Buffer, 0, CHUNK, offset);
      // Decoded a piece at a time: a string this small is made in the young generation and dies there,
      // where a megabyte one goes to the old generation and soon calls for a full collection.
      for (let start = 0; start < size; start += PIECE) {
        const chunk = read.subarray(start, Math.min(size, start + PIECE));
        options.signal?.throwIfAborted();
        if (options.rejectNul) {
          const nul = chunk.indexOf(0);
          if (nul !== -1) {
            const line = newlinesBefore + countNewlines(chunk, nul) + 1;
            throw new DataError(
              'invalid-file',
              `${options.label}: line ${line} holds binary data (a NUL byte); is this really a text file?`,
              line,
            );
          }
        }
        let text: string;
        try {
          if (!pending && isAscii(chunk)) text = chunk.toString('latin1');
          else {
            text = decoder.decode(chunk, { stream: true });
            pending = endsInsideCharacter(chunk);
          }
          if (first && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
          first = false;
        } catch {
          // The bytes that finish a character cut at the last piece are not its fault: skipped, else
          // they read as invalid and the error named the line this piece starts on.
          let skip = 0;
          while (pending && skip < 3 && ((chunk[skip] ?? 0) & 0xc0) === 0x80) skip++;
          const found = firstInvalidUtf8(chunk.subarray(skip));
          const at = found === -1 ? 0 : skip + found;
          const line = newlinesBefore + countNewlines(chunk, at) + 1;
          throw new DataError(
            'invalid-file',
            `${options.label}: line ${line} is not valid UTF-8 text; save the file with UTF-8 encoding`,
            line,
          );
        }
        newlinesBefore += countNewlines(chunk, chunk.length);
        bytesRead += chunk.length;
        if (text.length > 0) yield text;
      }
      options.onProgress?.({ bytesRead, totalBytes: options.totalBytes });
    }
    // A fatal decoder's flush gives nothing, or throws for a character cut by the end of the file.
    try {
      decoder.decode();
    } catch {
      const line = newlinesBefore + 1;
      throw new DataError(
        'invalid-file',
        `${options.label}: line ${line} ends in the middle of a UTF-8 character`,
        line,
      );
    }
  } finally {
    await next.catch(() => undefined);
    await handle.close();
  }
}

/** The same, pushing each decoded chunk to a callback. */
export async function forEachTextChunk(
  path: string,
  options: TextChunkOptions,
  onText: (text: string) => void,
): Promise<void> {
  for await (const text of textChunks(path, options)) {
    onText(text);
    const wait = options.backpressure?.();
    if (wait) await wait;
  }
}

/**
 * Splits streamed text into the lines of a TXT file, where `\r\n`, `\n` and a lone `\r` all end a
 * line, as docs/prepare-checks.md, "Reading" says (JSON Lines are split by line-ranges.ts). `onLine` gets 1-based
 * numbers.
 */
export class LineSplitter {
  private rest = '';
  private line = 0;
  private pendingCr = false;

  constructor(private readonly onLine: (text: string, line: number) => void) {}

  push(text: string): void {
    let i = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === 10) i = 1;
    }
    let start = i;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 10 && c !== 13) continue;
      this.onLine(this.rest + text.slice(start, i), ++this.line);
      this.rest = '';
      if (c === 13) {
        if (i + 1 === text.length) this.pendingCr = true;
        else if (text.charCodeAt(i + 1) === 10) i++;
      }
      start = i + 1;
    }
    this.rest += text.slice(start);
  }

  /** Flushes the last line: a file ending with a newline has one more (empty) line, an example too. */
  end(): number {
    if (this.rest.length > 0 || this.line > 0) this.onLine(this.rest, ++this.line);
    this.rest = '';
    return this.line;
  }
}

/** Whether a chunk ends with the first bytes of a multi-byte UTF-8 character (the rest comes next). */
export function endsInsideCharacter(bytes: Uint8Array): boolean {
  for (let back = 1; back <= 4 && back <= bytes.length; back++) {
    const b = bytes[bytes.length - back] ?? 0;
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: keep looking for the lead
    const size = b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : b >= 0xc0 ? 2 : 1;
    return size > back;
  }
  return false;
}
