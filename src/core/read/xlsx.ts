import { DataError } from './errors.js';
import type { RecordSink, ScanOptions } from './types.js';
import { uniqueHeader } from './csv.js';
import { toText } from './values.js';
import { guardZip } from './zip-guard.js';

export interface Sheet {
  readonly header: string[];
  readonly rows: ReadonlyArray<readonly unknown[]>;
  readonly otherSheets: readonly string[];
}

/**
 * Reads the first sheet of an XLSX file. read-excel-file (maintained, no published advisories, unlike
 * the registry's `xlsx` 0.18.5) parses whole workbooks in memory, so the archive is checked first.
 */
export async function readFirstSheet(path: string, label: string): Promise<Sheet> {
  await guardZip(path, label);
  const { default: readXlsxFile } = await import('read-excel-file/node');
  let sheets;
  try {
    sheets = await readXlsxFile(path, { trim: false });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataError('invalid-file', `${label}: cannot read this spreadsheet (${reason.split('\n')[0]})`);
  }
  const first = sheets[0];
  if (!first) throw new DataError('no-examples', `${label}: the workbook has no sheet`);
  const [head, ...rows] = first.data;
  const header = uniqueHeader((head ?? []).map((cell) => toText(cell) ?? ''));
  return { header, rows, otherSheets: sheets.slice(1).map((sheet) => sheet.sheet) };
}

/** Sends the sheet's rows to a sink, numbered as the spreadsheet shows them (header = row 1). */
export function scanSheet(sheet: Sheet, sink: RecordSink, options: ScanOptions = {}): void {
  options.signal?.throwIfAborted();
  sheet.rows.forEach((cells, index) => {
    if (cells.every((cell) => cell === null || cell === undefined || cell === '')) return;
    const value: Record<string, unknown> = {};
    sheet.header.forEach((name, i) => (value[name] = cells[i] ?? ''));
    sink(index + 2, value);
  });
}
