import { readFile } from 'node:fs/promises';
import type { CellObject, WorkBook, WorkSheet } from 'xlsx';
import { dateText, loadNumberFormatter, numberText, type NumberFormatter } from './cell-text.js';
import { DataError } from './errors.js';
import type { ScanOptions } from './types.js';
import type { RowSink, SpreadsheetFormat, Workbook } from './workbook.js';
import { bomb, guardZip, MAX_UNCOMPRESSED_BYTES } from './zip-guard.js';

const KIND: Record<'xlsb' | 'ods', string> = { xlsb: '.xlsb', ods: '.ods' };

/**
 * `.xls`, `.xlsb` and `.ods` through SheetJS (`xlsx`, patched at install so numeric character references
 * name code points: scripts/patch-sheetjs.js). SheetJS parses a workbook whole, so zip-based files pass
 * the zip-bomb guard first and an `.xls` (one compound file, at most 65,536 rows) is bounded by size.
 * The file is parsed again for each scan rather than kept between passes.
 */
export async function openSheetJsBook(
  path: string,
  label: string,
  format: Exclude<SpreadsheetFormat, 'xlsx'>,
  totalBytes: number,
): Promise<Workbook> {
  const load = async (only?: string): Promise<WorkBook> => {
    if (format === 'xls') {
      if (totalBytes > MAX_UNCOMPRESSED_BYTES) throw bomb(label, `${Math.round(totalBytes / 1048576)} MB`);
    } else {
      await guardZip(path, label, KIND[format]);
    }
    const XLSX = await import('xlsx');
    // SheetJS reports formats it half understands with console.error: nothing may write to the
    // terminal while the wizard draws it, and the cells are read all the same.
    const error = console.error;
    console.error = () => undefined;
    try {
      return XLSX.read(await readFile(path), {
        type: 'buffer',
        dense: true,
        cellNF: true,
        cellDates: false,
        cellHTML: false,
        cellFormula: false,
        cellStyles: false,
        bookVBA: false,
        ...(only === undefined ? {} : { sheets: only }),
      });
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new DataError(
        'invalid-file',
        `${label}: cannot read this spreadsheet (${reason.split('\n')[0]})`,
      );
    } finally {
      console.error = error;
    }
  };
  const sheets = (await load()).SheetNames;
  const scan = async (index: number, sink: RowSink, options: ScanOptions = {}): Promise<void> => {
    options.signal?.throwIfAborted();
    const name = sheets[index];
    if (name === undefined)
      throw new DataError('invalid-file', `${label}: the workbook has no sheet ${index + 1}`);
    const book = await load(name);
    const sheet = book.Sheets[name];
    const date1904 = Boolean(book.Workbook?.WBProps?.date1904);
    const formatter = await loadNumberFormatter();
    if (sheet !== undefined) sendRows(sheet, sink, formatter, date1904);
    options.onProgress?.({ bytesRead: totalBytes, totalBytes });
  };
  return { sheets, scan };
}

function sendRows(sheet: WorkSheet, sink: RowSink, formatter: NumberFormatter, date1904: boolean): void {
  const data = (sheet['!data'] ?? []) as ReadonlyArray<ReadonlyArray<CellObject | undefined> | undefined>;
  data.forEach((row, r) => {
    if (row === undefined) return;
    const cells: string[] = [];
    let filled = false;
    row.forEach((cell, c) => {
      if (cell === undefined) return;
      const text = cellText(cell, formatter, date1904);
      if (text === '') return;
      while (cells.length < c) cells.push('');
      cells[c] = text;
      filled = true;
    });
    if (filled) sink(r + 1, cells);
  });
}

function cellText(cell: CellObject, formatter: NumberFormatter, date1904: boolean): string {
  switch (cell.t) {
    case 's':
      return String(cell.v ?? '');
    case 'n':
      // An .ods date whose value is no date comes as NaN: no value, rather than the text NaN.
      if (typeof cell.v !== 'number' || Number.isNaN(cell.v)) return '';
      // LibreOffice stores a boolean as the number 1 or 0 shown TRUE or FALSE (its boolean format).
      if (
        cell.z === undefined &&
        (cell.w === 'TRUE' || cell.w === 'FALSE') &&
        (cell.v === 1 || cell.v === 0)
      ) {
        return cell.v === 1 ? 'true' : 'false';
      }
      return numberText(cell.v, cell.z === undefined ? null : String(cell.z), formatter, date1904);
    case 'b':
      return cell.v === true ? 'true' : 'false';
    case 'e':
      return cell.w ?? '#ERROR';
    case 'd':
      return cell.v instanceof Date ? dateText(cell.v) : String(cell.v ?? '');
    case 'z':
      return '';
  }
}
