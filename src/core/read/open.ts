import type { Stats } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { reasonOf, systemCode } from '../file-errors.js';
import { extname } from 'node:path';
import type { SourceFormat } from '../findings.js';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';
import { DataError } from './errors.js';
import { readJson, scanJsonItems } from './json.js';
import { scanJsonLines, scanJsonLineRanges, scanText } from './jsonl.js';
import type { CellSink, ReadNote, RecordSink, ScanOptions, Source } from './types.js';

export const ACCEPTED_EXTENSIONS = [
  '.csv',
  '.tsv',
  '.xlsx',
  '.xls',
  '.xlsb',
  '.ods',
  '.json',
  '.jsonl',
  '.txt',
] as const;

export interface OpenOptions {
  /** Spreadsheets: the sheet to read, by name or number (from 1); the first when absent. */
  readonly sheet?: string | undefined;
  /** CSV and TSV: the delimiter to use instead of the one detected from the first lines. */
  readonly delimiter?: Delimiter | null | undefined;
}

/** The format an extension names, case-insensitively, or null. */
export function formatOf(path: string): SourceFormat | null {
  const ext = extname(path).toLowerCase();
  return (ACCEPTED_EXTENSIONS as readonly string[]).includes(ext) ? (ext.slice(1) as SourceFormat) : null;
}

/**
 * Opens a data file for streaming: checks that it exists, is a file and has a known extension, and
 * reads what must be known up front (the header, sheet names, whether a `.json` file is JSON Lines).
 */
export async function openSource(path: string, label = path, options: OpenOptions = {}): Promise<Source> {
  const info = await regularFile(path, label);
  const format = formatOf(path);
  if (format === null) {
    const accepted = ACCEPTED_EXTENSIONS.join(', ');
    const ext = extname(path) || 'no extension';
    throw new DataError(
      'unsupported-format',
      `${label}: unsupported file type (${ext}); accepted types: ${accepted}`,
    );
  }
  const totalBytes = info.size;
  const base = { path, label, format, totalBytes };
  switch (format) {
    case 'jsonl':
      return jsonLinesSource(base, []);
    case 'txt':
      return source(base, 'txt', 'line', [], [], (sink, o) => scanText(path, label, totalBytes, sink, o));
    case 'csv':
    case 'tsv': {
      const delimiter =
        options.delimiter ?? (await sniffDelimiter(path, format === 'csv' ? ',' : '\t', totalBytes));
      const header: string[] = [];
      const known = (names: readonly string[]): void => {
        header.length = 0;
        for (const name of names) header.push(name);
      };
      const scan = async (sink: RecordSink, o?: ScanOptions): Promise<void> => {
        // csv-parse and the spreadsheet reader load only for the formats that need them.
        const { scanDelimited } = await import('./csv.js');
        known(await scanDelimited(path, label, delimiter, totalBytes, sink, o));
      };
      const scanCells = async (sink: CellSink, o?: ScanOptions): Promise<void> => {
        const { scanDelimitedCells } = await import('./csv.js');
        const cells: CellSink = {
          header: (names) => {
            known(names);
            sink.header(names);
          },
          row: (position, values) => sink.row(position, values),
        };
        await scanDelimitedCells(path, label, delimiter, totalBytes, cells, o);
      };
      return { ...source(base, format, 'row', header, [], scan), scanCells, delimiter };
    }
    case 'xlsx':
    case 'xls':
    case 'xlsb':
    case 'ods': {
      // The spreadsheet readers (and SheetJS, for the older formats) load only for these files.
      const { openSheet } = await import('./spreadsheet.js');
      const sheet = await openSheet(path, label, format, totalBytes, options.sheet);
      return {
        ...source(base, format, 'row', sheet.header, sheet.notes, sheet.scan),
        scanCells: sheet.scanCells,
        sheet: sheet.sheet,
      };
    }
    case 'json': {
      const content = await readJson(path, label, totalBytes);
      if (content.kind === 'jsonl') {
        const note: ReadNote = {
          id: 'json-lines',
          message: 'This .json file holds one JSON object per line: it is read as JSON Lines.',
          detail: 'Fine-tuning expects JSON Lines; naming the file .jsonl avoids the confusion.',
        };
        return jsonLinesSource(base, [note]);
      }
      const scan = async (sink: RecordSink, o?: ScanOptions): Promise<void> => {
        o?.signal?.throwIfAborted();
        const again = await readJson(path, label, totalBytes);
        if (again.kind === 'json') scanJsonItems(again.items, sink);
      };
      return source(base, 'json', 'row', [], [], scan);
    }
  }
}

/** What a path that is not a regular file is, for the message that refuses it. */
function specialKind(info: Stats): string {
  if (info.isDirectory()) return 'a directory';
  if (info.isFIFO()) return 'a named pipe';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  if (info.isSocket()) return 'a socket';
  return 'a special file';
}

/**
 * Checks that `path` names a regular file this process may read. The engine reads a file twice and
 * knows its size: a pipe, a device (`/dev/zero` never ends) or standard input cannot be read that way.
 */
async function regularFile(path: string, label: string): Promise<Stats> {
  const accepted = ACCEPTED_EXTENSIONS.join(', ');
  if (path === '') throw new DataError('file-not-found', 'no data file given (the path is empty)');
  if (path === '-') {
    throw new DataError(
      'unreadable-file',
      '-: reading standard input is not supported (the file is read twice); save the data to a file and give its path',
    );
  }
  let info: Stats;
  try {
    info = await stat(path);
  } catch (error) {
    const code = systemCode(error);
    if (code === 'ENOENT' || code === null)
      throw new DataError('file-not-found', `${label}: no such file (accepted types: ${accepted})`);
    throw new DataError('unreadable-file', `cannot read ${label}: ${reasonOf(code)}`);
  }
  if (!info.isFile()) {
    const kind = specialKind(info);
    const what =
      kind === 'a directory' ? 'is a directory, not a data file' : `is ${kind}, not a regular file`;
    throw new DataError('unreadable-file', `${label}: ${what} (accepted types: ${accepted})`);
  }
  try {
    await (await open(path, 'r')).close();
  } catch (error) {
    throw new DataError('unreadable-file', `cannot read ${label}: ${reasonOf(systemCode(error) ?? 'EIO')}`);
  }
  return info;
}

function jsonLinesSource(
  base: { path: string; label: string; format: SourceFormat; totalBytes: number },
  notes: readonly ReadNote[],
): Source {
  const { path, label, totalBytes } = base;
  return {
    ...source(base, 'jsonl', 'line', [], notes, (sink, o) => scanJsonLines(path, label, totalBytes, sink, o)),
    scanLineRanges: (sink, o) => scanJsonLineRanges(path, label, totalBytes, sink, o),
  };
}

function source(
  base: { path: string; label: string; format: SourceFormat; totalBytes: number },
  readAs: SourceFormat,
  positionLabel: 'line' | 'row',
  header: readonly string[],
  notes: readonly ReadNote[],
  scan: (sink: RecordSink, options?: ScanOptions) => Promise<void>,
): Source {
  return { ...base, readAs, positionLabel, header, notes, scan };
}

/** Bytes read to guess the delimiter: the header and a few dozen rows of most files. */
const SNIFF_BYTES = 64 * 1024;

/** The delimiter of a CSV or TSV file, from its first bytes (an unreadable start gives `preferred`). */
async function sniffDelimiter(path: string, preferred: Delimiter, totalBytes: number): Promise<Delimiter> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(Math.min(SNIFF_BYTES, totalBytes));
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    // A character cut at the end decodes to U+FFFD, which no delimiter is: harmless here.
    const sample = buffer.toString('utf8', 0, bytesRead);
    return detectDelimiter(sample, preferred, bytesRead >= totalBytes);
  } finally {
    await handle.close();
  }
}
