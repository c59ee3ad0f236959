import type { QualityDetail, QualityResult } from './checks.js';

/**
 * The collector keeps the first 5,000 label texts only (collector.ts): past them a label is named
 * `label #N`, which is fine for a report but not as the text a fix writes. Generation and chat data
 * have a label (answer) per row, so their conflict groups are named here from the file, read again.
 */
function unnamed(labels: ReadonlyArray<string | null>): Set<string> {
  const names = new Set<string>();
  labels.forEach((text, id) => {
    if (text === null) names.add(`label #${id + 1}`);
  });
  return names;
}

/** The rows of conflict groups whose label text was not kept: their texts are read again. */
export function unnamedRows(result: QualityResult, labels: ReadonlyArray<string | null>): number[] {
  const names = unnamed(labels);
  if (names.size === 0) return [];
  return result.conflicting.filter((d) => names.has(d.label)).map((d) => d.row);
}

/** The conflict groups with every label named by the text read for one of its rows. */
export function withLabelTexts(
  result: QualityResult,
  labels: ReadonlyArray<string | null>,
  texts: ReadonlyMap<number, string>,
): QualityResult {
  const names = unnamed(labels);
  if (names.size === 0) return result;
  const named = new Map<string, string>();
  for (const d of result.conflicting) {
    const text = texts.get(d.row);
    if (names.has(d.label) && text !== undefined && !named.has(d.label)) named.set(d.label, text.trim());
  }
  const name = (label: string | null): string | null => (label === null ? null : (named.get(label) ?? label));
  // A name no row's text was read for stays unknown: no fix writes it.
  const suggested = (d: QualityDetail): string | null =>
    d.suggested !== null && names.has(d.suggested) && !named.has(d.suggested) ? null : name(d.suggested);
  const conflicting = result.conflicting.map((d) => ({
    ...d,
    label: name(d.label) ?? d.label,
    suggested: suggested(d),
  }));
  return { ...result, conflicting };
}
