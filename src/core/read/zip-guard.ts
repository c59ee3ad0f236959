import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createInflateRaw } from 'node:zlib';
import yauzl from 'yauzl';
import { DataError } from './errors.js';

/** Spreadsheets this large uncompressed would take gigabytes once parsed: refuse them up front. */
export const MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024;
/** Real XLSX parts compress 5–20×; thousands to one is a zip bomb. */
export const MAX_RATIO = 200;
const MAX_ENTRIES = 10_000;

/** An archive whose central directory passed the checks, with its entries by name. */
export interface CheckedZip {
  readonly path: string;
  readonly zip: yauzl.ZipFile;
  readonly entries: ReadonlyMap<string, yauzl.Entry>;
}

/**
 * Opens a zip-based spreadsheet (XLSX, XLSB, ODS) and checks its central directory before any parser
 * touches it: refuses archives whose declared sizes are too large or absurdly compressed. yauzl then
 * checks, as each entry is inflated, that it really is the size it declares, so a lying header cannot
 * get past either. The caller closes `zip`.
 */
export async function openCheckedZip(path: string, label: string, kind: string): Promise<CheckedZip> {
  const zip = await new Promise<yauzl.ZipFile>((resolve, reject) =>
    yauzl.open(path, { lazyEntries: true, autoClose: false }, (error, file) =>
      error ? reject(notAZip(label, kind)) : resolve(file),
    ),
  );
  try {
    if (zip.entryCount > MAX_ENTRIES) throw bomb(label, `${zip.entryCount} parts`);
    const entries = new Map<string, yauzl.Entry>();
    await new Promise<void>((resolve, reject) => {
      let total = 0;
      zip.on('entry', (entry: yauzl.Entry) => {
        total += entry.uncompressedSize;
        const ratio = entry.uncompressedSize / Math.max(1, entry.compressedSize);
        if (total > MAX_UNCOMPRESSED_BYTES)
          return reject(bomb(label, `${Math.round(total / 1048576)} MB uncompressed`));
        if (ratio > MAX_RATIO && entry.uncompressedSize > 1024 * 1024) {
          return reject(bomb(label, `a part compressed ${Math.round(ratio)} to 1`));
        }
        entries.set(entry.fileName, entry);
        zip.readEntry();
      });
      zip.on('end', () => resolve());
      zip.on('error', () => reject(notAZip(label, kind)));
      zip.readEntry();
    });
    return { path, zip, entries };
  } catch (error) {
    zip.close();
    throw error;
  }
}

/**
 * For parsers that take the whole archive in memory (SheetJS): the directory checks, then every entry
 * inflated into nothing, so the parser never meets a part larger than it says.
 */
export async function guardZip(path: string, label: string, kind = '.xlsx'): Promise<void> {
  const { zip, entries } = await openCheckedZip(path, label, kind);
  try {
    for (const entry of entries.values()) await drain(zip, entry, label);
  } finally {
    zip.close();
  }
}

/** Opens an entry's inflated stream; a part larger than it declares becomes the bomb error. */
export function openEntry(
  zip: yauzl.ZipFile,
  entry: yauzl.Entry,
  label: string,
): Promise<NodeJS.ReadableStream> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (error, stream) => {
      if (error) return reject(bomb(label, 'a part that cannot be read'));
      resolve(stream);
    });
  });
}

const SLICE = 1 << 20;

/**
 * An entry's inflated bytes, in pieces of up to a megabyte. Read and inflated here rather than through
 * yauzl's stream, which reads and inflates 16 KB at a time: on a large sheet those thousands of round
 * trips through the thread pool cost more than the inflating. As with yauzl, an entry that inflates to
 * more than it declares is stopped at that point.
 */
export async function* entryBytes(path: string, entry: yauzl.Entry, label: string): AsyncGenerator<Buffer> {
  if ((entry.generalPurposeBitFlag & 1) !== 0) {
    throw new DataError(
      'invalid-file',
      `${label}: this spreadsheet is encrypted; save it without a password`,
    );
  }
  if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
    throw new DataError(
      'invalid-file',
      `${label}: cannot read this spreadsheet (a part compressed in an unusual way)`,
    );
  }
  // The local header repeats the name and may carry its own extra field: the data starts after both.
  const handle = await open(path, 'r');
  const local = Buffer.alloc(30);
  try {
    await handle.read(local, 0, 30, entry.relativeOffsetOfLocalHeader);
  } finally {
    await handle.close();
  }
  if (local.readUInt32LE(0) !== 0x04034b50) throw notAZip(label, 'spreadsheet');
  const start = entry.relativeOffsetOfLocalHeader + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
  if (entry.compressedSize === 0) return;
  const raw = createReadStream(path, { start, end: start + entry.compressedSize - 1, highWaterMark: SLICE });
  const source = entry.compressionMethod === 0 ? raw : raw.pipe(createInflateRaw({ chunkSize: SLICE }));
  if (source !== raw) raw.on('error', (error) => source.destroy(error));
  let total = 0;
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      total += chunk.length;
      if (total > entry.uncompressedSize) throw bomb(label, 'a part larger than it declares');
      yield chunk;
    }
  } catch (error) {
    if (error instanceof DataError) throw error;
    throw new DataError(
      'invalid-file',
      `${label}: cannot read this spreadsheet (a damaged part: ${entry.fileName})`,
    );
  } finally {
    raw.destroy();
    source.destroy();
  }
}

async function drain(zip: yauzl.ZipFile, entry: yauzl.Entry, label: string): Promise<void> {
  const stream = await openEntry(zip, entry, label);
  await new Promise<void>((resolve, reject) => {
    stream.on('data', () => undefined);
    stream.on('end', () => resolve());
    stream.on('error', () => reject(bomb(label, 'a part larger than it declares')));
  });
}

export function bomb(label: string, what: string): DataError {
  return new DataError(
    'invalid-file',
    `${label}: refusing to open this spreadsheet (${what}); save a smaller file or export it as CSV`,
  );
}

function notAZip(label: string, kind: string): DataError {
  return new DataError(
    'invalid-file',
    `${label}: not a valid ${kind} file (it is not a readable zip archive)`,
  );
}
