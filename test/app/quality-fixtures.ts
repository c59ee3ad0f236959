import type { Finding } from '../../src/core/findings.js';
import type { Analysis } from '../../src/app/engine.js';
import { finding, makeAnalysis } from './helpers.js';

type Detail = NonNullable<Finding['details']>[number];

const mislabel = (row: number, label: string, suggested: string, confidence: number): Detail => ({
  row,
  label,
  suggested,
  confidence,
  group: null,
});
const member = (row: number, label: string, majority: string, group: number): Detail => ({
  row,
  label,
  suggested: majority,
  confidence: null,
  group,
});

/** Three flagged rows: confidences either side of the threshold's first value (0.9). */
export const MISLABELLED: readonly Detail[] = [
  mislabel(4, 'billing', 'account', 0.95),
  mislabel(9, 'hardware', 'billing', 0.9),
  mislabel(15, 'account', 'hardware', 0.85),
];

/** Two groups: three rows of which one disagrees, and a pair with two labels. */
export const CONFLICTING: readonly Detail[] = [
  member(20, 'account', 'account', 1),
  member(21, 'billing', 'account', 1),
  member(22, 'account', 'account', 1),
  member(30, 'hardware', 'hardware', 2),
  member(31, 'account', 'hardware', 2),
];

function qualityFinding(id: string, message: string, details: readonly Detail[]): Finding {
  return {
    ...finding(id, 'optional', message),
    rows: { count: details.length, positions: details.map((d) => d.row) },
    details,
  };
}

/** An analysis whose review is the two findings reviewed row by row. */
export function qualityAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  return makeAnalysis({
    findings: [
      qualityFinding('likely-mislabelled', '3 rows look mislabelled', MISLABELLED),
      qualityFinding(
        'conflicting-labels',
        '2 groups of near-identical prompts have different labels',
        CONFLICTING,
      ),
    ],
    ...overrides,
  });
}
