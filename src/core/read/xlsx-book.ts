import { stat } from 'node:fs/promises';
import { DataError } from './errors.js';
import type { ScanOptions } from './types.js';
import type { Workbook } from './workbook.js';
import { partText } from './part-text.js';
import { readSheetNames, readXlsxBook, type XlsxBook } from './xlsx-parts.js';
import { SheetRecording } from './sheet-recording.js';
import { SheetRows, sheetScanner, type RowSink } from './xlsx-sheet.js';
import { openCheckedZip, type CheckedZip } from './zip-guard.js';

async function withZip<T>(path: string, label: string, use: (zip: CheckedZip) => Promise<T>): Promise<T> {
  const zip = await openCheckedZip(path, label, '.xlsx');
  try {
    return await use(zip);
  } finally {
    zip.zip.close();
  }
}

/**
 * The last workbook read, kept for a short while: the passes of one preparation (analysis, token count,
 * writing) each open the file, and reading its shared strings is most of an opening's cost. Each pass
 * holds them anyway while it reads, so keeping them between passes adds nothing to the peak; they are
 * let go once no pass has used them for a while (the wizard waiting on the person). Keyed by size and
 * modification time, so an edited file is read afresh.
 */
const KEEP_MS = 20_000;
let recent: { readonly key: string; readonly book: XlsxBook; timer: NodeJS.Timeout } | null = null;

async function bookOf(zip: CheckedZip, label: string, key: string): Promise<XlsxBook> {
  if (recent?.key === key) {
    recent.timer.refresh();
    return recent.book;
  }
  if (recent !== null) clearTimeout(recent.timer);
  recent = null;
  const book = await readXlsxBook(zip, label);
  const timer = setTimeout(() => (recent = null), KEEP_MS);
  timer.unref();
  recent = { key, book, timer };
  return book;
}

/**
 * The last sheet read whole from each workbook kept above, to be replayed by the next pass (see
 * sheet-recording.ts): it goes when its workbook goes.
 */
const recordings = new WeakMap<XlsxBook, { readonly sheet: number; readonly recording: SheetRecording }>();

/**
 * An XLSX workbook read as a stream (ours, not SheetJS's: see docs/benchmarks.md): the workbook, shared
 * strings and number formats first, then the chosen sheet's XML row by row as it is inflated. Time is
 * linear in the file and memory holds the shared strings and one row (and, once a sheet has been read
 * whole, a few bytes per cell, so that the next pass replays it). Each scan opens the file anew.
 */
export async function openXlsxBook(path: string, label: string, totalBytes: number): Promise<Workbook> {
  const { mtimeMs } = await stat(path);
  const key = `${path}\0${totalBytes}\0${mtimeMs}`;
  const sheets = await withZip(path, label, (zip) => readSheetNames(zip, label));
  const names = sheets.map((s) => s.name);
  // The shared strings are read once per opening (the header's row and the pass that follows share them).
  let cached: Promise<XlsxBook> | null = null;
  const scan = (index: number, sink: RowSink, options: ScanOptions = {}): Promise<void> =>
    withZip(path, label, async (zip) => {
      cached ??= bookOf(zip, label, key);
      const book = await cached.catch((error: unknown) => {
        cached = null;
        throw error;
      });
      const sheet = book.sheets[index];
      const entry = sheet === undefined ? undefined : zip.entries.get(sheet.part);
      if (sheet === undefined || entry === undefined) {
        throw new DataError('invalid-file', `${label}: the workbook names a sheet it does not hold`);
      }
      const kept = recordings.get(book);
      if (kept?.sheet === index) {
        await kept.recording.replay(book.sharedStrings, sink, (done, rows) => {
          options.signal?.throwIfAborted();
          options.onProgress?.({
            bytesRead: Math.round((totalBytes * done) / Math.max(1, rows)),
            totalBytes,
          });
          return options.backpressure?.();
        });
        return;
      }
      const recording = new SheetRecording();
      const rows = new SheetRows(book, label, sink, recording);
      const scanner = sheetScanner(rows);
      const size = Math.max(1, entry.uncompressedSize);
      const progress = options.onProgress;
      const report = progress
        ? (inflated: number) =>
            progress({ bytesRead: Math.round((totalBytes * Math.min(inflated, size)) / size), totalBytes })
        : undefined;
      for await (const text of partText(zip, entry, label, report)) {
        options.signal?.throwIfAborted();
        // Past </sheetData> come only merges, filters and print settings: the inflation is left to stop.
        if (rows.done) break;
        scanner.write(text);
        const wait = options.backpressure?.();
        if (wait) await wait;
      }
      if (!rows.done && scanner.unfinished) {
        throw new DataError(
          'invalid-file',
          `${label}: cannot read this spreadsheet (its sheet XML is cut short)`,
        );
      }
      // Read to the end without error: the next pass replays it.
      if (!recording.overflow) recordings.set(book, { sheet: index, recording });
    });
  return { sheets: names, scan };
}
