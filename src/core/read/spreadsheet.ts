import { uniqueHeader } from './csv.js';
import { DataError } from './errors.js';
import type { CellSink, ReadNote, RecordSink, ScanOptions } from './types.js';
import { openWorkbook, type SpreadsheetFormat, type Workbook } from './workbook.js';

export const SPREADSHEET_FORMATS: readonly SpreadsheetFormat[] = ['xlsx', 'xls', 'xlsb', 'ods'];

/** A spreadsheet opened on one of its sheets, with what must be known before reading it. */
export interface OpenedSheet {
  readonly sheet: string;
  readonly sheetIndex: number;
  readonly header: readonly string[];
  readonly notes: readonly ReadNote[];
  scan(sink: RecordSink, options?: ScanOptions): Promise<void>;
  /** The same rows as cells under the header, no record object per row (see `CellSink`). */
  scanCells(sink: CellSink, options?: ScanOptions): Promise<void>;
}

/** Thrown by a sink to stop a scan early (the header is known once the first row is). */
class Enough extends Error {}

/**
 * The sheet a `--sheet` value names: a sheet's exact name first, else its number counted from 1;
 * anything else is an error listing the sheets there are. No choice means the first sheet.
 */
export function pickSheet(sheets: readonly string[], choice: string | undefined, label: string): number {
  if (sheets.length === 0) throw new DataError('no-examples', `${label}: the workbook has no sheet`);
  if (choice === undefined) return 0;
  const byName = sheets.indexOf(choice);
  if (byName !== -1) return byName;
  if (/^\d+$/.test(choice.trim())) {
    const n = Number(choice.trim());
    if (n >= 1 && n <= sheets.length) return n - 1;
  }
  throw new DataError(
    'file-not-found',
    `${label}: no sheet "${choice}"; its sheets are ${sheets.map((s, i) => `${i + 1} "${s}"`).join(', ')}`,
  );
}

/**
 * The sheets of a workbook with the rows each holds, when it has several (the wizard then asks which);
 * an empty list for a single sheet or a file that is no spreadsheet. Reads each sheet once.
 */
export async function listSheets(
  path: string,
  signal?: AbortSignal,
): Promise<Array<{ readonly name: string; readonly rows: number }>> {
  const ext = path.slice(path.lastIndexOf('.') + 1).toLowerCase() as SpreadsheetFormat;
  if (!SPREADSHEET_FORMATS.includes(ext)) return [];
  const { stat } = await import('node:fs/promises');
  const size = (await stat(path)).size;
  const book = await openWorkbook(path, path, ext, size);
  if (book.sheets.length < 2) return [];
  return sheetSizes(path, path, ext, size, signal);
}

/** Rows with content in each sheet (the header row not counted), for the wizard's sheet picker. */
export async function sheetSizes(
  path: string,
  label: string,
  format: SpreadsheetFormat,
  totalBytes: number,
  signal?: AbortSignal,
): Promise<Array<{ readonly name: string; readonly rows: number }>> {
  const book = await openWorkbook(path, label, format, totalBytes);
  const sizes: Array<{ name: string; rows: number }> = [];
  for (let i = 0; i < book.sheets.length; i++) {
    let rows = 0;
    await book.scan(i, () => void rows++, { signal });
    sizes.push({ name: book.sheets[i] as string, rows: Math.max(0, rows - 1) });
  }
  return sizes;
}

/**
 * Opens a workbook on the chosen sheet: the header is its first row with content, and each later row
 * with content is a record numbered as the spreadsheet numbers it. Cells past the header's last column
 * belong to no column and are not read.
 */
export async function openSheet(
  path: string,
  label: string,
  format: SpreadsheetFormat,
  totalBytes: number,
  choice: string | undefined,
): Promise<OpenedSheet> {
  const book: Workbook = await openWorkbook(path, label, format, totalBytes);
  const index = pickSheet(book.sheets, choice, label);
  const name = book.sheets[index] as string;
  let header: string[] = [];
  try {
    await book.scan(index, (_row, cells) => {
      header = uniqueHeader(cells as string[]);
      throw new Enough();
    });
  } catch (error) {
    if (!(error instanceof Enough)) throw error;
  }
  const others = book.sheets.filter((_, i) => i !== index);
  const notes: ReadNote[] =
    others.length > 0 && choice === undefined
      ? [
          {
            id: 'other-sheets',
            message: `Only the sheet "${name}" is read; the workbook also has ${others.map((s) => `"${s}"`).join(', ')}.`,
            detail:
              'Choose another sheet in the wizard, or with prepare --sheet NAME (or its number, from 1).',
          },
        ]
      : [];
  const width = header.length;
  const scanCells = async (sink: CellSink, options?: ScanOptions): Promise<void> => {
    sink.header(header);
    let first = true;
    await book.scan(
      index,
      (row, cells) => {
        if (first) {
          first = false; // the header row
          return;
        }
        // Padded to the header (the reader's arrays are its own, made per row); cells past it unread.
        const padded = cells as string[];
        while (padded.length < width) padded.push('');
        sink.row(row, padded.length > width ? padded.slice(0, width) : padded);
      },
      options,
    );
  };
  const scan = (sink: RecordSink, options?: ScanOptions): Promise<void> =>
    scanCells(
      {
        header: () => undefined,
        row: (row, cells) => {
          const value: Record<string, string> = {};
          for (let i = 0; i < width; i++) value[header[i] as string] = cells[i] as string;
          sink(row, value);
        },
      },
      options,
    );
  return { sheet: name, sheetIndex: index, header, notes, scan, scanCells };
}
