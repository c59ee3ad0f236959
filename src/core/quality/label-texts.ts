import type { QualityDetail, QualityResult } from './checks.js';

/**
 * The collector names the first 5,000 labels only (collector.ts): past them a label is `label #N`,
 * which is fine for a report but not as the text a fix writes. Generation and chat data have a label
 * (answer) per row, so their conflict groups are named here from the file, read again.
 */
function unnamed(labels: ReadonlyArray<string | null>): (name: string | null) => boolean {
  return (name) => {
    const number = name === null ? null : /^label #(\d+)$/.exec(name);
    if (!number) return false;
    const id = Number(number[1]) - 1;
    return id >= labels.length || labels[id] === null;
  };
}

/** The rows of conflict groups whose label text was not kept: their texts are read again. */
export function unnamedRows(result: QualityResult, labels: ReadonlyArray<string | null>): number[] {
  const isUnnamed = unnamed(labels);
  return result.conflicting.filter((d) => isUnnamed(d.label)).map((d) => d.row);
}

/** The conflict groups with every label named by the text read for one of its rows. */
export function withLabelTexts(
  result: QualityResult,
  labels: ReadonlyArray<string | null>,
  texts: ReadonlyMap<number, string>,
): QualityResult {
  const isUnnamed = unnamed(labels);
  if (!result.conflicting.some((d) => isUnnamed(d.label))) return result;
  const named = new Map<string, string>();
  for (const d of result.conflicting) {
    const text = texts.get(d.row);
    if (isUnnamed(d.label) && text !== undefined && !named.has(d.label)) named.set(d.label, text.trim());
  }
  const name = (label: string | null): string | null => (label === null ? null : (named.get(label) ?? label));
  // A name no row's text was read for stays unknown: no fix writes it.
  const suggested = (d: QualityDetail): string | null =>
    isUnnamed(d.suggested) && !named.has(d.suggested as string) ? null : name(d.suggested);
  const conflicting = result.conflicting.map((d) => ({
    ...d,
    label: name(d.label) ?? d.label,
    suggested: suggested(d),
  }));
  return { ...result, conflicting };
}

/**
 * Generation and chat data: a conflict group whose answers are all equally common has no majority, and
 * its first answer would be an arbitrary pick; its rows get no suggestion (the fix leaves the group; the
 * review can give it one of its answers or drop it). Classification keeps "ties: the first seen".
 */
export function withoutTies(result: QualityResult): QualityResult {
  const counts = new Map<number, Map<string, number>>();
  for (const d of result.conflicting) {
    const group = counts.get(d.group ?? -d.row) ?? new Map<string, number>();
    group.set(d.label, (group.get(d.label) ?? 0) + 1);
    counts.set(d.group ?? -d.row, group);
  }
  const tied = new Set<number>();
  for (const [g, labels] of counts) {
    const sorted = [...labels.values()].sort((a, b) => b - a);
    if (sorted[0] === sorted[1]) tied.add(g);
  }
  if (tied.size === 0) return result;
  const conflicting = result.conflicting.map((d) =>
    tied.has(d.group ?? -d.row) ? { ...d, suggested: null } : d,
  );
  return { ...result, conflicting };
}
