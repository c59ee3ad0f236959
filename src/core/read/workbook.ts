import type { ScanOptions } from './types.js';
import type { RowSink } from './xlsx-sheet.js';

export type { RowSink };

/**
 * A spreadsheet file, whatever its format: the names of its sheets, and a scan of one sheet's rows
 * (each row's number as the spreadsheet shows it and its cells as text, see cell-text.ts).
 */
export interface Workbook {
  readonly sheets: readonly string[];
  scan(sheet: number, sink: RowSink, options?: ScanOptions): Promise<void>;
}

export type SpreadsheetFormat = 'xlsx' | 'xls' | 'xlsb' | 'ods';

/** XLSX is streamed by our reader; the others are parsed whole by SheetJS. */
export async function openWorkbook(
  path: string,
  label: string,
  format: SpreadsheetFormat,
  totalBytes: number,
): Promise<Workbook> {
  if (format === 'xlsx') {
    const { openXlsxBook } = await import('./xlsx-book.js');
    return openXlsxBook(path, label, totalBytes);
  }
  const { openSheetJsBook } = await import('./sheetjs-book.js');
  return openSheetJsBook(path, label, format, totalBytes);
}
