import { forEachTextChunk, LineSplitter } from './chunks.js';
import { DataError, excerpt } from './errors.js';
import type { RecordSink, ScanOptions } from './types.js';

/** What JSON.parse said, without the echo of the whole line that V8 adds. */
export function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return excerpt(
    message.replace(/, "(?:[^"\\]|\\.)*"(?:\.\.\.)? is not valid JSON$/, '').replace(/ in JSON/, ''),
    90,
  );
}

/** Receives the text of each non-blank line with its 1-based number. */
export type LineSink = (line: number, text: string) => void;

/** Parses one JSON line; a broken one is an error naming the line. */
export function parseJsonLine(text: string, line: number, label: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new DataError(
      'invalid-file',
      `${label}: line ${line} is not valid JSON (${jsonReason(error)})`,
      line,
    );
  }
}

/**
 * Streams the lines of a JSON Lines file without parsing them, blank lines skipped: the engine parses
 * them itself, on a fast path for flat objects of strings.
 */
export async function scanJsonLineTexts(
  path: string,
  label: string,
  totalBytes: number,
  sink: LineSink,
  options: ScanOptions = {},
): Promise<void> {
  const onLine = (text: string, line: number): void => {
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return;
    sink(line, text);
  };
  const splitter = new LineSplitter(false, onLine);
  await forEachTextChunk(path, { ...options, label, totalBytes, rejectNul: true }, (text) =>
    splitter.push(text),
  );
  splitter.end(false);
}

/** Streams JSON Lines: one value per line, blank lines skipped, each with its 1-based line number. */
export async function scanJsonLines(
  path: string,
  label: string,
  totalBytes: number,
  sink: RecordSink,
  options: ScanOptions = {},
): Promise<void> {
  await scanJsonLineTexts(
    path,
    label,
    totalBytes,
    (line, text) => sink(line, parseJsonLine(text, line, label), text),
    options,
  );
}

/** Streams a TXT file: every line is one example with an empty prompt (prepare-data.md §1). */
export async function scanText(
  path: string,
  label: string,
  totalBytes: number,
  sink: RecordSink,
  options: ScanOptions = {},
): Promise<void> {
  const splitter = new LineSplitter(true, (text, line) => sink(line, { prompt: '', completion: text }));
  await forEachTextChunk(path, { ...options, label, totalBytes, rejectNul: true }, (text) =>
    splitter.push(text),
  );
  splitter.end(true);
}
