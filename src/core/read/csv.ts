import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { textChunks } from './chunks.js';
import { DataError } from './errors.js';
import type { CellSink, RecordSink, ScanOptions } from './types.js';
import type { Delimiter } from './detect-delimiter.js';

/** Header names as pandas makes them: blanks become `Unnamed: i`, repeats get `.1`, `.2`. */
export function uniqueHeader(cells: readonly string[]): string[] {
  const seen = new Map<string, number>();
  const names = new Set<string>();
  return cells.map((cell, index) => {
    const base = cell === '' ? `Unnamed: ${index}` : cell;
    let name = base;
    let count = seen.get(base) ?? 0;
    while (names.has(name)) name = `${base}.${++count}`;
    seen.set(base, count);
    names.add(name);
    return name;
  });
}

/**
 * Streams a CSV or TSV file. Rows are numbered as a spreadsheet shows them (the header is row 1, a
 * record spanning several lines is one row, a blank line is a row that is skipped). Short rows are
 * padded with `""`; a row with more cells than the header, or a quote that never closes, is an error.
 * Rows arrive as arrays: a record object per row costs a property per cell, which on a file thousands
 * of columns wide is most of the time spent (objects are built by `scanDelimited` for those who want them).
 */
export async function scanDelimitedCells(
  path: string,
  label: string,
  delimiter: string,
  totalBytes: number,
  sink: CellSink,
  options: ScanOptions = {},
): Promise<void> {
  const parser = parse({
    delimiter,
    bom: true,
    relax_column_count: true,
    skip_empty_lines: false,
    // Files edited on different systems mix line endings; csv-parse would otherwise take the first
    // one it meets as the only one, and read the other kind as part of a cell.
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  const input = Readable.from(textChunks(path, { ...options, label, totalBytes, rejectNul: true }));
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let width = -1;
  let row = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      row++;
      if (width === -1) {
        const header = uniqueHeader(cells);
        width = header.length;
        sink.header(header);
        continue;
      }
      if (cells.length === 1 && cells[0] === '') continue;
      if (cells.length > width) {
        throw new DataError(
          'invalid-file',
          `${label}: row ${row} has ${cells.length} cells but the header has ${width}; check its quoting`,
          row,
        );
      }
      while (cells.length < width) cells.push('');
      sink.row(row, cells);
      if (row % 1024 === 0) {
        const wait = options.backpressure?.();
        if (wait) await wait;
      }
    }
  } catch (error) {
    // The parser runs ahead of this loop: its own record count says where the fault is.
    if (error instanceof CsvError) {
      const records = (error as CsvError & { records?: unknown }).records;
      throw csvError(error, label, typeof records === 'number' ? records + 1 : row + 1);
    }
    throw error;
  } finally {
    input.destroy();
  }
  if (width === -1) sink.header([]);
}

/** The same rows as records keyed by the header; returns the header. */
export async function scanDelimited(
  path: string,
  label: string,
  delimiter: Delimiter,
  totalBytes: number,
  sink: RecordSink,
  options: ScanOptions = {},
): Promise<string[]> {
  let header: readonly string[] = [];
  const cells: CellSink = {
    header: (names) => (header = names),
    row: (position, values) => {
      // No prototype: a column named `__proto__` is a column like any other.
      const value = Object.create(null) as Record<string, string>;
      for (let i = 0; i < header.length; i++) value[header[i] as string] = values[i] as string;
      sink(position, value);
    },
  };
  await scanDelimitedCells(path, label, delimiter, totalBytes, cells, options);
  return [...header];
}

function csvError(error: CsvError, label: string, row: number): DataError {
  const what =
    error.code === 'CSV_QUOTE_NOT_CLOSED'
      ? 'a quoted cell is never closed'
      : error.code === 'CSV_INVALID_CLOSING_QUOTE'
        ? 'a quoted cell has text after its closing quote'
        : error.code === 'INVALID_OPENING_QUOTE'
          ? 'a quote appears in the middle of an unquoted cell'
          : error.message.replace(/ at line \d+.*$/, '');
  return new DataError('invalid-file', `${label}: row ${row}: ${what}`, row);
}
