import { jsonText } from '../read/values.js';
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

/** A raw record as the file holds it: every column, for the fixes that rename or drop columns. */
export function recordView(
  value: Readonly<Record<string, unknown>>,
  columns: readonly string[],
): ExampleView {
  return {
    fields: columns.map((label) => {
      const v = value[label];
      const text = typeof v === 'string' ? v : v === undefined || v === null ? '' : jsonText(v);
      return { label, text: clip(text) };
    }),
  };
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
