import type { SourceFormat } from '../findings.js';
import type { Delimiter } from './detect-delimiter.js';
import type { LineRangeSink } from './line-ranges.js';

/** Receives each record with its source position; `raw` is the line's text for JSON Lines input. */
export type RecordSink = (position: number, value: unknown, raw?: string) => void;

/** Receives a delimited file's header once, then each data row as its cells (padded to the header). */
export interface CellSink {
  header(names: readonly string[]): void;
  row(position: number, cells: readonly string[]): void;
}

export interface ScanOptions {
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?:
    ((progress: { readonly bytesRead: number; readonly totalBytes: number }) => void) | undefined;
  /** Called between chunks: a promise makes reading wait (a writer whose disk is behind). */
  readonly backpressure?: (() => Promise<void> | undefined) | undefined;
}

/** A note the reader wants the person to see (a `.json` file that is really JSON Lines, other sheets). */
export interface ReadNote {
  readonly id: string;
  readonly message: string;
  readonly detail: string;
}

/**
 * An opened data file. `scan` streams every record to a sink and can be called again for a later pass:
 * the engine reads a file twice rather than keeping its rows.
 */
export interface Source {
  readonly path: string;
  /** How the file is named in messages (the path as the user gave it). */
  readonly label: string;
  /** The extension's format. */
  readonly format: SourceFormat;
  /** The format actually read (a `.json` file holding JSON Lines is read as `jsonl`). */
  readonly readAs: SourceFormat;
  readonly positionLabel: 'line' | 'row';
  readonly totalBytes: number;
  /** Column names known before any record is read (the header of CSV/TSV/XLSX), else empty. */
  readonly header: readonly string[];
  /** CSV and TSV: the character between cells (given, or detected from the first lines). */
  readonly delimiter?: Delimiter;
  readonly notes: readonly ReadNote[];
  /** Spreadsheets: the name of the sheet read. */
  readonly sheet?: string;
  scan(sink: RecordSink, options?: ScanOptions): Promise<void>;
  /** JSON Lines only: each non-blank line, unparsed, as a range of the text read (see line-ranges.ts). */
  readonly scanLineRanges?: (sink: LineRangeSink, options?: ScanOptions) => Promise<void>;
  /** CSV/TSV only: the header, then each row as an array of cells (no record object per row). */
  readonly scanCells?: (sink: CellSink, options?: ScanOptions) => Promise<void>;
}
