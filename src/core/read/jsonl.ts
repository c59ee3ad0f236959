import { forEachTextChunk, LineSplitter } from './chunks.js';
import { LineRanges, type LineRangeSink } from './line-ranges.js';
import { DataError, excerpt } from './errors.js';
import type { RecordSink, ScanOptions } from './types.js';

/**
 * What JSON.parse said, without the echo of the line that V8 adds (`Unexpected token 'x', "{"a":x}" is
 * not valid JSON`). The echo is the raw text, its quotes not escaped: everything from the first `, "`.
 */
export function jsonReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return excerpt(message.replace(/, ".*"(?:\.\.\.)? is not valid JSON$/s, '').replace(/ in JSON/, ''), 90);
}

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
 * Streams the lines of a JSON Lines file without parsing them, as ranges of the decoded text (see
 * line-ranges.ts), blank lines skipped: the engine parses them itself, on a fast path for flat objects
 * of strings.
 */
export async function scanJsonLineRanges(
  path: string,
  label: string,
  totalBytes: number,
  sink: LineRangeSink,
  options: ScanOptions = {},
): Promise<void> {
  let current = '';
  const lines = new LineRanges({
    text: (text) => {
      current = text;
      sink.text(text);
    },
    line: (line, start, end) => {
      if (start === end) return;
      // Rare: a line that starts with a space or control character may be only whitespace.
      if (current.charCodeAt(start) <= 32 && current.slice(start, end).trim() === '') return;
      sink.line(line, start, end);
    },
  });
  await forEachTextChunk(path, { ...options, label, totalBytes, rejectNul: true }, (text) =>
    lines.push(text),
  );
  lines.end();
}

/** Streams JSON Lines: one value per line, blank lines skipped, each with its 1-based line number. */
export async function scanJsonLines(
  path: string,
  label: string,
  totalBytes: number,
  sink: RecordSink,
  options: ScanOptions = {},
): Promise<void> {
  let current = '';
  const lines = {
    text: (text: string) => void (current = text),
    line: (line: number, start: number, end: number) => {
      const text = current.slice(start, end);
      sink(line, parseJsonLine(text, line, label), text);
    },
  };
  await scanJsonLineRanges(path, label, totalBytes, lines, options);
}

/** Streams a TXT file: every line is one example with an empty prompt (docs/prepare-checks.md, "Reading"). */
export async function scanText(
  path: string,
  label: string,
  totalBytes: number,
  sink: RecordSink,
  options: ScanOptions = {},
): Promise<void> {
  const splitter = new LineSplitter((text, line) => sink(line, { prompt: '', completion: text }));
  await forEachTextChunk(path, { ...options, label, totalBytes, rejectNul: true }, (text) =>
    splitter.push(text),
  );
  splitter.end();
}
