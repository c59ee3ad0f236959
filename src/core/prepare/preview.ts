import { jsonText } from '../read/values.js';
import { withThousands } from '../numbers.js';
import type { ExampleView, Finding, FindingKind, PreviewRow } from '../findings.js';
import type { KeptRow } from './stats.js';

const MAX_TEXT = 2000;

/** Long texts are cut for display: the review screen shows a few rows, not megabytes. */
export function clip(text: string): string {
  return text.length > MAX_TEXT
    ? `${text.slice(0, MAX_TEXT)}… (${text.length - MAX_TEXT} more characters)`
    : text;
}

export function pcView(prompt: string, completion: string): ExampleView {
  return {
    fields: [
      { label: 'prompt', text: clip(prompt) },
      { label: 'completion', text: clip(completion) },
    ],
  };
}

/** A preview shows this many columns of a record at most: a file can be 100,000 columns wide. */
export const MAX_SHOWN_COLUMNS = 12;

/**
 * The columns a record's preview shows, in file order: the first ones, and always those in `keep`
 * (the prompt and completion columns, wherever they are).
 */
export function shownColumns(columns: readonly string[], keep: readonly (string | null)[] = []): string[] {
  if (columns.length <= MAX_SHOWN_COLUMNS) return [...columns];
  const kept = new Set(keep.filter((c): c is string => c !== null));
  const shown: string[] = [];
  let room = MAX_SHOWN_COLUMNS - kept.size;
  for (const column of columns) {
    if (kept.has(column)) shown.push(column);
    else if (room > 0) {
      shown.push(column);
      room--;
    }
  }
  return shown;
}

/**
 * A raw record as the file holds it, for the fixes that rename or drop columns: every column, or on a
 * wide file those of `shownColumns` and a last field saying how many more there are.
 */
export function recordView(
  value: Readonly<Record<string, unknown>>,
  columns: readonly string[],
  keep: readonly (string | null)[] = [],
): ExampleView {
  const shown = shownColumns(columns, keep);
  const fields = shown.map((label) => {
    const v = value[label];
    const text = typeof v === 'string' ? v : v === undefined || v === null ? '' : jsonText(v);
    return { label, text: clip(text) };
  });
  const more = columns.length - shown.length;
  if (more > 0) fields.push({ label: '…', text: `${withThousands(more)} more columns` });
  return { fields };
}

/** Before/after rows for a fix that changes each row with `fix` (null: the row is removed). */
export function previewRows(
  rows: readonly KeptRow[],
  fix: (row: KeptRow) => { prompt: string; completion: string } | null,
): PreviewRow[] {
  return rows.map((row) => {
    const after = fix(row);
    return {
      position: row.position,
      before: pcView(row.prompt, row.completion),
      after: after === null ? null : pcView(after.prompt, after.completion),
    };
  });
}

export interface Positions {
  readonly length: number;
  first(max?: number): number[];
}

export function finding(
  id: string,
  kind: FindingKind,
  message: string,
  detail: string,
  rows: Positions | null = null,
  preview: readonly PreviewRow[] = [],
): Finding {
  return {
    id,
    kind,
    message,
    detail,
    rows: rows === null ? { count: 0, positions: [] } : { count: rows.length, positions: rows.first(1000) },
    preview,
  };
}

/** All rows are affected (column-wide fixes): the count is the table, positions are not listed. */
export function allRows(count: number, head: readonly KeptRow[]): Positions {
  return { length: count, first: (max = 1000) => head.slice(0, max).map((row) => row.position) };
}

/** Shows a suffix or separator with its newlines visible. */
export function showText(text: string): string {
  return JSON.stringify(text);
}
