import { open, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import type { SourceFormat } from '../findings.js';
import { detectDelimiter, type Delimiter } from './detect-delimiter.js';
import { DataError } from './errors.js';
import { readJson, scanJsonItems } from './json.js';
import { scanJsonLines, scanJsonLineRanges, scanText } from './jsonl.js';
import type { ReadNote, RecordSink, ScanOptions, Source } from './types.js';

export const ACCEPTED_EXTENSIONS = ['.csv', '.tsv', '.xlsx', '.json', '.jsonl', '.txt'] as const;

/** The format an extension names, case-insensitively, or null. */
export function formatOf(path: string): SourceFormat | null {
  const ext = extname(path).toLowerCase();
  return (ACCEPTED_EXTENSIONS as readonly string[]).includes(ext) ? (ext.slice(1) as SourceFormat) : null;
}

/**
 * Opens a data file for streaming: checks that it exists, is a file and has a known extension, and
 * reads what must be known up front (the header, sheet names, whether a `.json` file is JSON Lines).
 */
export interface OpenOptions {
  /** CSV and TSV: the delimiter to use instead of the one detected from the first lines. */
  readonly delimiter?: Delimiter | null | undefined;
}

export async function openSource(path: string, label = path, options: OpenOptions = {}): Promise<Source> {
  const accepted = ACCEPTED_EXTENSIONS.join(', ');
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new DataError('file-not-found', `${label}: no such file (accepted types: ${accepted})`);
  }
  if (!info.isFile())
    throw new DataError(
      'file-not-found',
      `${label}: is a directory, not a data file (accepted types: ${accepted})`,
    );
  const format = formatOf(path);
  if (format === null) {
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
      const scan = async (sink: RecordSink, o?: ScanOptions): Promise<void> => {
        // csv-parse and the spreadsheet reader load only for the formats that need them.
        const { scanDelimited } = await import('./csv.js');
        const names = await scanDelimited(path, label, delimiter, totalBytes, sink, o);
        header.splice(0, header.length, ...names);
      };
      return { ...source(base, format, 'row', header, [], scan), delimiter };
    }
    case 'xlsx': {
      const { readFirstSheet, scanSheet } = await import('./xlsx.js');
      const sheet = await readFirstSheet(path, label);
      const notes: ReadNote[] = sheet.otherSheets.length
        ? [
            {
              id: 'other-sheets',
              message: `Only the first sheet is read; the workbook also has ${sheet.otherSheets.map((s) => `"${s}"`).join(', ')}.`,
              detail:
                'Move the examples to the first sheet, or save each sheet as its own file, to use the others.',
            },
          ]
        : [];
      const scan = async (sink: RecordSink, o?: ScanOptions): Promise<void> => {
        scanSheet(await readFirstSheet(path, label), sink, o);
      };
      return source(base, 'xlsx', 'row', sheet.header, notes, scan);
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
