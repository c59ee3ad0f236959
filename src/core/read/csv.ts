import { Readable } from 'node:stream';
import { CsvError, parse } from 'csv-parse';
import { textChunks } from './chunks.js';
import { DataError } from './errors.js';
import { PlainRows } from './plain-rows.js';
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
 * Text without quotes is split by `PlainRows`; from the line of the first quote on, csv-parse reads.
 */
export async function scanDelimitedCells(
  path: string,
  label: string,
  delimiter: string,
  totalBytes: number,
  sink: CellSink,
  options: ScanOptions = {},
): Promise<void> {
  const chunks = textChunks(path, { ...options, label, totalBytes, rejectNul: true });
  let width = -1;
  let row = 0;
  const take = (cells: string[]): void => {
    row++;
    if (width === -1) {
      const header = uniqueHeader(cells);
      width = header.length;
      sink.header(header);
      return;
    }
    if (cells.length === 1 && cells[0] === '') return;
    if (cells.length > width) {
      throw new DataError(
        'invalid-file',
        `${label}: row ${row} has ${cells.length} cells but the header has ${width}; check its quoting`,
        row,
      );
    }
    while (cells.length < width) cells.push('');
    sink.row(row, cells);
  };
  try {
    const plain = new PlainRows(delimiter, take);
    let rest: string | null = null;
    let fromStart = false;
    // csv-parse drops a byte-order mark at the start of what it reads (`bom`), after the one that
    // chunks.ts drops: the plain rows do the same.
    let bom = true;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) {
      const text = next.value;
      const skip = bom && text.charCodeAt(0) === 0xfeff ? 1 : 0;
      const quote = text.indexOf('"');
      if (quote !== -1) {
        const lineStart = Math.max(text.lastIndexOf('\n', quote), text.lastIndexOf('\r', quote)) + 1;
        if (lineStart > 0) plain.push(text.slice(skip, lineStart));
        fromStart = bom && lineStart === 0;
        // (A \n after a \r that ended the last piece is before the quote: `push` takes it.)
        rest = plain.takeRest() + text.slice(lineStart);
        break;
      }
      plain.push(skip === 0 ? text : text.slice(skip));
      bom = false;
      const wait = options.backpressure?.();
      if (wait) await wait;
    }
    if (rest === null) plain.end();
    else await parseRest(rest, fromStart, chunks, delimiter, label, row, take, options);
  } finally {
    await chunks.return(undefined);
  }
  if (width === -1) sink.header([]);
}

/**
 * csv-parse reads the file from the line of its first quote (`first`, then the rest of `chunks`);
 * `fromStart` when that is the file's start.
 */
async function parseRest(
  first: string,
  fromStart: boolean,
  chunks: AsyncGenerator<string>,
  delimiter: string,
  label: string,
  rowsBefore: number,
  take: (cells: string[]) => void,
  options: ScanOptions,
): Promise<void> {
  const parser = parse({
    delimiter,
    // A mark at the file's start (after the one chunks.ts drops), not one at the start of a later line.
    bom: fromStart,
    relax_column_count: true,
    skip_empty_lines: false,
    // Files edited on different systems mix line endings; csv-parse would otherwise take the first
    // one it meets as the only one, and read the other kind as part of a cell.
    record_delimiter: ['\r\n', '\n', '\r'],
  });
  async function* text(): AsyncGenerator<string> {
    yield first;
    for (let next = await chunks.next(); !next.done; next = await chunks.next()) yield next.value;
  }
  const input = Readable.from(text());
  input.on('error', (error) => parser.destroy(error));
  input.pipe(parser);
  let records = 0;
  try {
    for await (const cells of parser as AsyncIterable<string[]>) {
      records++;
      take(cells);
      if (records % 1024 === 0) {
        const wait = options.backpressure?.();
        if (wait) await wait;
      }
    }
  } catch (error) {
    // The parser runs ahead of this loop: its own record count says where the fault is.
    if (error instanceof CsvError) {
      const counted = (error as CsvError & { records?: unknown }).records;
      throw csvError(error, label, rowsBefore + (typeof counted === 'number' ? counted : records) + 1);
    }
    throw error;
  } finally {
    input.destroy();
  }
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
