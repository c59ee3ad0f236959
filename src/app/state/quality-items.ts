import type { Finding } from '../../core/findings.js';

/** One row a quality finding lists (core/quality/checks.ts, `details`). */
export type QualityRow = NonNullable<Finding['details']>[number];

/**
 * Findings reviewed one example (or one group of near-identical prompts) at a time: they change what
 * examples mean, so the user decides row by row; their rows' fates live in `relabels` and `dropped`,
 * never in the finding's accepted fix (which would relabel every row at once).
 */
const ROW_REVIEWED: ReadonlySet<string> = new Set(['likely-mislabelled', 'conflicting-labels']);

export function isRowReviewed(finding: Finding | undefined): finding is Finding & {
  readonly details: readonly QualityRow[];
} {
  return finding !== undefined && ROW_REVIEWED.has(finding.id) && (finding.details?.length ?? 0) > 0;
}

/** What the user reviews: one item per flagged row, or per group for conflicting labels (file order). */
export function reviewItems(finding: Finding): ReadonlyArray<readonly QualityRow[]> {
  const details = finding.details ?? [];
  if (finding.id !== 'conflicting-labels') return details.map((d) => [d]);
  const groups = new Map<number, QualityRow[]>();
  for (const d of details) {
    const key = d.group ?? -d.row;
    const list = groups.get(key);
    if (list === undefined) groups.set(key, [d]);
    else list.push(d);
  }
  return [...groups.values()];
}

/** A group's labels, the most common first (ties: the first seen), with how many rows carry each. */
export function groupLabels(item: readonly QualityRow[]): ReadonlyArray<{ label: string; rows: number }> {
  const counts = new Map<string, number>();
  for (const d of item) counts.set(d.label, (counts.get(d.label) ?? 0) + 1);
  return [...counts].map(([label, rows]) => ({ label, rows })).sort((a, b) => b.rows - a.rows);
}

/** The threshold of "relabel every one above", its first value and its step. */
export const THRESHOLD = { start: 0.9, step: 0.05 } as const;

/** Flagged rows at or above the confidence chosen. */
export function aboveThreshold(finding: Finding, threshold: number): readonly QualityRow[] {
  // Rounded: 0.9 reached by steps of 0.05 is 0.8999…, and a row at 0.9 belongs.
  const bar = Math.round(threshold * 100) / 100;
  return (finding.details ?? []).filter((d) => (d.confidence ?? 0) >= bar);
}

export type QualityAction =
  | { readonly type: 'quality-move'; readonly delta: number }
  | { readonly type: 'quality-choose'; readonly fate: 'suggested' | 'keep' | 'drop' }
  /** Conflicting labels: the whole group takes the n-th of its labels (groupLabels order). */
  | { readonly type: 'quality-label'; readonly index: number }
  | { readonly type: 'quality-threshold'; readonly delta: number }
  | { readonly type: 'quality-relabel-above' };

const TYPES = {
  'quality-move': true,
  'quality-choose': true,
  'quality-label': true,
  'quality-threshold': true,
  'quality-relabel-above': true,
} as const satisfies Record<QualityAction['type'], true>;

export function isQualityAction(action: { readonly type: string }): action is QualityAction {
  return Object.hasOwn(TYPES, action.type);
}
