import { readFile } from 'node:fs/promises';
import { DataError } from './errors.js';
import { jsonReason } from './jsonl.js';
import type { RecordSink } from './types.js';

/** JSON is parsed whole (it cannot be streamed line by line): beyond this size, JSON Lines is the way. */
export const MAX_JSON_BYTES = 512 * 1024 * 1024;

export type JsonContent =
  { readonly kind: 'json'; readonly items: readonly unknown[] } | { readonly kind: 'jsonl' };

/** Decodes and parses a `.json` file; a file that is really JSON Lines is recognised, not refused. */
export async function readJson(path: string, label: string, totalBytes: number): Promise<JsonContent> {
  if (totalBytes > MAX_JSON_BYTES) {
    throw new DataError(
      'invalid-file',
      `${label}: too large to read as one JSON document; save it as JSON Lines (.jsonl)`,
    );
  }
  const bytes = await readFile(path);
  if (bytes.includes(0)) {
    throw new DataError(
      'invalid-file',
      `${label}: holds binary data (a NUL byte); is this really a JSON file?`,
    );
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DataError(
      'invalid-file',
      `${label}: is not valid UTF-8 text; save the file with UTF-8 encoding`,
    );
  }
  if (text.trim() === '') return { kind: 'json', items: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (looksLikeJsonLines(text)) return { kind: 'jsonl' };
    const line = lineOfError(text, error);
    const where = line === undefined ? '' : ` at line ${line}`;
    throw new DataError('invalid-file', `${label}: not valid JSON${where} (${jsonReason(error)})`, line);
  }
  if (Array.isArray(value)) {
    value.forEach((item, index) => {
      if (typeof item !== 'object' || item === null || Array.isArray(item)) {
        throw new DataError(
          'invalid-file',
          `${label}: row ${index + 1} of the array is not an object`,
          index + 1,
        );
      }
    });
    return { kind: 'json', items: value };
  }
  if (typeof value === 'object' && value !== null) return { kind: 'json', items: [value] };
  throw new DataError('invalid-file', `${label}: expected an array of objects or one object`);
}

/** Items of a JSON array are numbered from 1, as rows. */
export function scanJsonItems(items: readonly unknown[], sink: RecordSink): void {
  items.forEach((item, index) => sink(index + 1, item));
}

function looksLikeJsonLines(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length < 1) return false;
  try {
    const first: unknown = JSON.parse(lines[0] ?? '');
    return typeof first === 'object' && first !== null && !Array.isArray(first);
  } catch {
    return false;
  }
}

function lineOfError(text: string, error: unknown): number | undefined {
  const match = /position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!match) return undefined;
  const at = Number(match[1]);
  let line = 1;
  for (let i = 0; i < at && i < text.length; i++) if (text.charCodeAt(i) === 10) line++;
  return line;
}
