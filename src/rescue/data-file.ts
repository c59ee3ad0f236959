import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { link, open, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { UserError } from '../core/errors.js';

/**
 * A data file as the rescue keeps it: bytes, SHA-256 and example count, taken in one streamed pass
 * (while downloading, or reading a local copy), every line checked to be JSON.
 */
export interface FileFacts {
  readonly sha256: string;
  readonly bytes: number;
  /** Non-blank lines, each a JSON value. */
  readonly examples: number;
}

/** Counts and hashes a stream of bytes; `write` receives each chunk too (the download's temp file). */
export async function scanJsonl(
  chunks: AsyncIterable<Uint8Array>,
  where: string,
  write?: (chunk: Uint8Array) => Promise<unknown>,
): Promise<FileFacts> {
  const hash = createHash('sha256');
  const decoder = new TextDecoder('utf-8', { fatal: false });
  let bytes = 0;
  let examples = 0;
  let line = 0;
  let rest = '';
  const check = (text: string): void => {
    line += 1;
    if (text.trim() === '') return;
    try {
      JSON.parse(text);
    } catch {
      throw new UserError(`${where}, line ${line}: not valid JSON.`);
    }
    examples += 1;
  };
  for await (const chunk of chunks) {
    hash.update(chunk);
    bytes += chunk.length;
    if (write) await write(chunk);
    const text = rest + decoder.decode(chunk, { stream: true });
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    for (const one of lines) check(one);
  }
  rest += decoder.decode();
  if (rest !== '') check(rest);
  return { sha256: hash.digest('hex'), bytes, examples };
}

export async function factsOf(path: string): Promise<FileFacts> {
  try {
    return await scanJsonl(createReadStream(path), path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new UserError(`${path}: no such file.`);
    if (code === 'EISDIR') throw new UserError(`${path}: is a folder, not a data file.`);
    throw error;
  }
}

/** A temporary file beside `target`, removed unless it is placed. */
export async function tempBeside(target: string): Promise<{ path: string; handle: FileHandle }> {
  const path = join(dirname(target), `.${basename(target)}.${process.pid}.${Date.now().toString(36)}.tmp`);
  return { path, handle: await open(path, 'wx') };
}

function numbered(path: string, n: number): string {
  return n === 1 ? path : path.replace(/(\.[^./]+)?$/, (ext) => `-${n}${ext}`);
}

/**
 * Puts a finished temp file at `wanted`, never over an existing file: a file already there with the
 * same SHA-256 is kept (the temp goes), a different one makes the name `-2`, `-3`, … . `link` fails
 * when the name exists, so two rescues racing for a name cannot overwrite each other.
 */
export async function placeWithoutOverwriting(
  temp: string,
  wanted: string,
  sha256: string,
): Promise<{ path: string; reused: boolean }> {
  for (let n = 1; ; n++) {
    const path = numbered(wanted, n);
    try {
      await link(temp, path);
      await rm(temp, { force: true });
      return { path, reused: false };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
        await rm(temp, { force: true });
        throw error;
      }
      const there = await factsOf(path).catch(() => null);
      if (there?.sha256 === sha256) {
        await rm(temp, { force: true });
        return { path, reused: true };
      }
    }
  }
}
