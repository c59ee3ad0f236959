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

/** Streams JSON Lines: one value per line, blank lines skipped, each with its 1-based line number. */
export async function scanJsonLines(
  path: string,
  label: string,
  totalBytes: number,
  sink: RecordSink,
  options: ScanOptions = {},
): Promise<void> {
  const onLine = (text: string, line: number): void => {
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (text.trim() === '') return;
      throw new DataError(
        'invalid-file',
        `${label}: line ${line} is not valid JSON (${jsonReason(error)})`,
        line,
      );
    }
    sink(line, value, text);
  };
  const splitter = new LineSplitter(false, onLine);
  await forEachTextChunk(path, { ...options, label, totalBytes, rejectNul: true }, (text) =>
    splitter.push(text),
  );
  splitter.end(false);
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
