import { parseJsonLine } from '../read/jsonl.js';
import { openSource } from '../read/open.js';
import type { CellSink, ScanOptions, Source } from '../read/types.js';
import type { Analysis } from './types.js';
import { FlatLine } from './flat-line.js';

export interface RecordHandlers {
  /** A parsed record (any format). */
  readonly value: (position: number, value: unknown) => void;
  /** A JSON line that is a flat object of strings, not parsed into an object (the fast path). */
  readonly flat: (position: number, line: FlatLine) => void;
  /** A CSV/TSV file's header, then its rows as cells (no record object per row). */
  readonly cells: CellSink;
}

/**
 * Streams a source's records, taking the flat-line fast path for JSON Lines where it applies. The same
 * routing serves both passes, so they see identical rows and positions.
 */
export async function forEachRecord(
  source: Source,
  handlers: RecordHandlers,
  options: ScanOptions = {},
  /** Pass 2 and later: every line already passed pass 1's checks. */
  trusted = false,
): Promise<void> {
  if (source.scanCells) return source.scanCells(handlers.cells, options);
  const scanLineRanges = source.scanLineRanges;
  if (!scanLineRanges) return source.scan((position, value) => handlers.value(position, value), options);
  const flat = new FlatLine();
  const label = source.label;
  await scanLineRanges(
    {
      text: (text) => flat.reset(text),
      line: (line, start, end) => {
        if (flat.scan(start, end, trusted) >= 0) handlers.flat(line, flat);
        else handlers.value(line, parseJsonLine(flat.lineText(), line, label));
      },
    },
    options,
  );
}

class Stop extends Error {}

/** The first record of a source, or undefined for an empty one (reads no further). */
export async function firstRecord(source: Source, options: ScanOptions = {}): Promise<unknown> {
  let first: unknown;
  try {
    await source.scan((_position, value) => {
      first = value;
      throw new Stop();
    }, options);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
  return first;
}

/**
 * The records at some positions only (the rows a finding's preview shows), read again: JSON Lines
 * parses those lines alone, and any format stops once the last one is read. Parsing every line to keep
 * a dozen cost as much as the pass that found them (800k rows: over a second).
 */
export async function wantedRecords(
  source: Source,
  wanted: ReadonlySet<number>,
  sink: (position: number, value: unknown) => void,
  options: ScanOptions = {},
): Promise<void> {
  let left = wanted.size;
  if (left === 0) return;
  const take = (position: number, value: () => unknown): void => {
    if (!wanted.has(position)) return;
    sink(position, value());
    if (--left === 0) throw new Stop();
  };
  const scanLineRanges = source.scanLineRanges;
  let text = '';
  try {
    if (scanLineRanges)
      await scanLineRanges(
        {
          text: (chunk) => (text = chunk),
          line: (line, start, end) =>
            take(line, () => parseJsonLine(text.slice(start, end), line, source.label)),
        },
        options,
      );
    else await source.scan((position, value) => take(position, () => value), options);
  } catch (error) {
    if (!(error instanceof Stop)) throw error;
  }
}

/** The analysed file opened again for a later pass, read the same way (with the same delimiter). */
export function reopen(analysis: Analysis): Promise<Source> {
  return openSource(analysis.input, analysis.input, { sheet: analysis.sheet, delimiter: analysis.delimiter });
}
