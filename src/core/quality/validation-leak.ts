import type { QualityRows } from './collector.js';
import { nearDuplicateGroups } from './near-duplicates.js';

/** A training row with a near-copy in the validation file the user brought. */
export interface ValidationLeak {
  /** Source positions (1-based) in the training file and in the validation file. */
  readonly train: number;
  readonly validation: number;
  /** The training row's label (completion, or a chat example's last answer). */
  readonly label: string;
  /** Near-duplicate group, numbered from 1 in training-file order. */
  readonly group: number;
}

/**
 * Training rows then validation rows, as one set of rows for the near-duplicate search. Their words
 * were coded by one `WordCodes` (both collectors share it), so the codes join as they are.
 */
function joined(a: QualityRows, b: QualityRows): QualityRows {
  const rows = a.rows + b.rows;
  const aWords = a.wordStart[a.rows] as number;
  const wordStart = new Uint32Array(rows + 1);
  wordStart.set(a.wordStart.subarray(0, a.rows + 1));
  for (let i = 1; i <= b.rows; i++) wordStart[a.rows + i] = aWords + (b.wordStart[i] as number);
  const words = new Uint8Array(aWords + (b.wordStart[b.rows] as number));
  words.set(a.words.subarray(0, aWords));
  words.set(b.words.subarray(0, b.wordStart[b.rows]), aWords);
  const both = <T extends Uint32Array | Int32Array | Float64Array>(make: (n: number) => T, x: T, y: T): T => {
    const out = make(rows);
    out.set(x.subarray(0, a.rows));
    out.set(y.subarray(0, b.rows), a.rows);
    return out;
  };
  return {
    rows,
    positions: both((n) => new Uint32Array(n), a.positions, b.positions),
    wordStart,
    words,
    // The later file's: the shared codes only ever add words.
    vocabulary: b.vocabulary,
    wordCount: a.wordCount + b.wordCount,
    promptKey: both((n) => new Float64Array(n), a.promptKey, b.promptKey),
    // Labels play no part in the search: the training rows' own are kept, the others' are never read.
    label: both((n) => new Int32Array(n), a.label, new Int32Array(b.rows).fill(-1)),
    labels: a.labels,
  };
}

/**
 * The training rows whose prompt near-duplicates a validation row's (docs/quality-checks.md, "A
 * validation file"), each with the first validation row of its group: the same near-duplicate search
 * as the other checks, over both files' rows at once.
 */
export function validationLeaks(
  train: QualityRows,
  validation: QualityRows,
  signal?: AbortSignal,
): ValidationLeak[] {
  if (train.rows === 0 || validation.rows === 0) return [];
  const { group, groups } = nearDuplicateGroups(joined(train, validation), signal);
  const firstValidation = new Int32Array(groups).fill(-1);
  for (let k = validation.rows - 1; k >= 0; k--) {
    const g = group[train.rows + k] as number;
    if (g >= 0) firstValidation[g] = validation.positions[k] as number;
  }
  const ids = new Map<number, number>();
  const out: ValidationLeak[] = [];
  for (let i = 0; i < train.rows; i++) {
    const g = group[i] as number;
    const v = g < 0 ? -1 : (firstValidation[g] as number);
    if (v < 0) continue;
    let id = ids.get(g);
    if (id === undefined) ids.set(g, (id = ids.size + 1));
    const label = train.label[i] as number;
    out.push({
      train: train.positions[i] as number,
      validation: v,
      label: train.labels[label] ?? `label #${label + 1}`,
      group: id,
    });
  }
  return out;
}
