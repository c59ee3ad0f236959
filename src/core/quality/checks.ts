import { splitIndices } from '../prepare/split.js';
import { MAX_LABEL_TEXTS, rowWords, type QualityRows } from './collector.js';
import { MAX_WORDS } from './words.js';
import { findSuspects } from './confident.js';
import { nearDuplicateGroups } from './near-duplicates.js';
import { DEFAULT_CLASSIFIER, foldsOf, outOfFoldProbabilities } from './naive-bayes.js';

/** Below this many rows (or rows of a class) the model has too little to learn from to accuse a row. */
/** For a thread started ahead (thread.ts): pass 1's rows, read there as they come. */
export { CollectingEnd } from './remote-collector.js';

export const MIN_ROWS = 200;
const MIN_CLASS_ROWS = 20;
/** A file bigger than this is first tried on a sample of this many rows. */
const SAMPLE_ROWS = 20_000;
/** More classes than this and the per-class thresholds rest on too few rows each. */
export const MAX_CLASSES = 50;

/** One flagged row as `prepare --json` lists it (`details`). */
export interface QualityDetail {
  /** Source position (1-based line or row). */
  readonly row: number;
  readonly label: string;
  readonly suggested: string | null;
  readonly confidence: number | null;
  readonly group: number | null;
}

export interface QualityResult {
  /** Rows the model would relabel (classification only; empty when the check did not run). */
  readonly mislabelled: readonly QualityDetail[];
  /** Every row of every group of near-duplicate prompts whose labels differ; `suggested`: the group's majority. */
  readonly conflicting: readonly QualityDetail[];
  /** Every row of every group the seeded split would cut in two (classification only). */
  readonly leaking: readonly QualityDetail[];
  /** Why the mislabel check did not run, when it could not (null: it ran, or the data is not classification). */
  readonly skipped: string | null;
}

/** How far the checks are: the step under way and the share of the work done (0–1). */
export interface QualityProgress {
  readonly step: string;
  readonly fraction: number;
}

export interface QualityInput {
  readonly data: QualityRows;
  readonly classification: boolean;
  /** Every prompt is empty: there is nothing to compare prompts by. */
  readonly openEnded: boolean;
  /** Source positions the `duplicates` fix removes (the split is predicted without them). */
  readonly duplicates: ArrayLike<number>;
  readonly signal?: AbortSignal | undefined;
  readonly onProgress?: ((progress: QualityProgress) => void) | undefined;
}

const labelOf = (data: QualityRows, id: number): string => data.labels[id] ?? `label #${id + 1}`;

/** Runs the three checks of docs/quality-checks.md over what pass 1 kept. */
export function runQualityChecks(input: QualityInput): QualityResult {
  const { data, signal } = input;
  const report = input.onProgress ?? ((): void => undefined);
  const empty: QualityDetail[] = [];
  if (input.openEnded || data.rows < 2)
    return { mislabelled: empty, conflicting: empty, leaking: empty, skipped: null };
  report({ step: 'near-duplicate prompts', fraction: 0 });
  const { group, groups } = nearDuplicateGroups(data, signal);
  const conflicting = conflicts(data, group, groups);
  const leaking = input.classification ? leaks(data, group, groups, input.duplicates) : empty;
  const { mislabelled, skipped } = input.classification
    ? mislabels(data, signal, report)
    : { mislabelled: empty, skipped: null };
  report({ step: 'done', fraction: 1 });
  return { mislabelled, conflicting, leaking, skipped };
}

/** Groups with two labels or more: every row, with the group's most common label (ties: the first seen). */
function conflicts(data: QualityRows, group: Int32Array, groups: number): QualityDetail[] {
  const members = membersOf(group, groups);
  const out: QualityDetail[] = [];
  members.forEach((rows, g) => {
    const counts = new Map<number, number>();
    for (const i of rows) counts.set(data.label[i] as number, (counts.get(data.label[i] as number) ?? 0) + 1);
    if (counts.size < 2) return;
    let majority = -1;
    let most = 0;
    for (const [label, count] of counts) if (count > most) [majority, most] = [label, count];
    for (const i of rows) {
      out.push({
        row: data.positions[i] as number,
        label: labelOf(data, data.label[i] as number),
        suggested: labelOf(data, majority),
        confidence: null,
        group: g + 1,
      });
    }
  });
  return renumber(out);
}

/**
 * Groups the reference's seeded split (docs/prepare-checks.md, "Writing") would put on both sides, the
 * split predicted over the rows left once exact duplicates go (what `--yes` writes).
 */
function leaks(
  data: QualityRows,
  group: Int32Array,
  groups: number,
  duplicates: ArrayLike<number>,
): QualityDetail[] {
  // No group, no leak: the predicted split (a shuffle of every row) is not worth drawing.
  if (groups === 0) return [];
  const removed = new Set<number>();
  for (let k = 0; k < duplicates.length; k++) removed.add(duplicates[k] as number);
  const kept: number[] = [];
  for (let i = 0; i < data.rows; i++) if (!removed.has(data.positions[i] as number)) kept.push(i);
  const { valid } = splitIndices(kept.length);
  const inValid = new Uint8Array(data.rows);
  for (const k of valid) inValid[kept[k] as number] = 1;
  const out: QualityDetail[] = [];
  membersOf(group, groups).forEach((rows, g) => {
    const live = rows.filter((i) => !removed.has(data.positions[i] as number));
    const sides = new Set(live.map((i) => inValid[i]));
    if (sides.size < 2) return;
    for (const i of live) {
      out.push({
        row: data.positions[i] as number,
        label: labelOf(data, data.label[i] as number),
        suggested: null,
        confidence: null,
        group: g + 1,
      });
    }
  });
  return renumber(out);
}

/** Likely mislabelled rows: confident learning over out-of-fold naive Bayes probabilities. */
function mislabels(
  data: QualityRows,
  signal: AbortSignal | undefined,
  report: (progress: QualityProgress) => void,
): { mislabelled: QualityDetail[]; skipped: string | null } {
  // Near-duplicates take about a quarter of the time; the sample (when there is one) a sixth.
  const folds = (from: number, to: number) => (done: number, of: number) =>
    report({ step: 'likely mislabels', fraction: from + ((to - from) * done) / of });
  const sizes = labelSizes(data.label);
  // Classes too small to learn are left out (their rows are neither judged nor suggested).
  const dense = new Map<number, number>();
  for (const [label, size] of sizes) if (size >= MIN_CLASS_ROWS) dense.set(label, dense.size);
  const classOf = denseClasses(data.label, dense);
  let judged = 0;
  for (let i = 0; i < data.rows; i++) if ((classOf[i] as number) >= 0) judged++;
  if (judged < MIN_ROWS || dense.size < 2)
    return {
      mislabelled: [],
      skipped: `too few examples per class (at least ${MIN_ROWS} rows in classes of ${MIN_CLASS_ROWS} or more are needed)`,
    };
  if (dense.size > MAX_CLASSES) return { mislabelled: [], skipped: `more than ${MAX_CLASSES} classes` };
  // A big file is first tried on a sample: labels the text cannot predict cost no full training. One
  // fold held out is enough to tell (a fifth of the sample; scoring all five costs five models), and a
  // smaller feature table (each model is slots × classes logarithms).
  if (data.rows > SAMPLE_ROWS) {
    const sample = sampleOf(data, classOf, SAMPLE_ROWS);
    const trial = { ...DEFAULT_CLASSIFIER, scored: 1, maxDimensions: 1 << 16 };
    const probs = outOfFoldProbabilities(
      sample.data,
      sample.classOf,
      dense.size,
      trial,
      signal,
      folds(0.25, 0.4),
    );
    const fold = foldsOf(sample.data.rows, trial.folds, trial.seed);
    const heldOut = sample.classOf.map((c, i) => (fold[i] === 0 ? c : -1));
    const skipped = unpredictable(probs, heldOut, dense.size);
    if (skipped !== null) return { mislabelled: [], skipped };
  }
  const probs = outOfFoldProbabilities(
    data,
    classOf,
    dense.size,
    DEFAULT_CLASSIFIER,
    signal,
    folds(data.rows > SAMPLE_ROWS ? 0.4 : 0.25, 1),
  );
  const skipped = unpredictable(probs, classOf, dense.size);
  if (skipped !== null) return { mislabelled: [], skipped };
  const labelIds = [...dense.keys()];
  const mislabelled = findSuspects(probs, classOf, dense.size).map((s) => ({
    row: data.positions[s.row] as number,
    label: labelOf(data, labelIds[s.given] as number),
    suggested: labelOf(data, labelIds[s.suggested] as number),
    confidence: Math.round(s.confidence * 1000) / 1000,
    group: null,
  }));
  return { mislabelled, skipped: null };
}

/**
 * Rows per label, labels in the order first seen. Labels numbered below MAX_LABEL_TEXTS are numbered
 * in that order (collector.ts), so a typed array counts them (a Map's lookup per row cost more than
 * the rest of this step on 200k rows); a hashed label sends the count to the Map.
 */
function labelSizes(label: Int32Array): Map<number, number> {
  const sizes = new Map<number, number>();
  const counts = new Uint32Array(MAX_LABEL_TEXTS);
  for (let i = 0; i < label.length; i++) {
    const id = label[i] as number;
    if (id >= MAX_LABEL_TEXTS) {
      for (let k = 0; k < label.length; k++)
        sizes.set(label[k] as number, (sizes.get(label[k] as number) ?? 0) + 1);
      return sizes;
    }
    counts[id] = (counts[id] as number) + 1;
  }
  for (let id = 0; id < MAX_LABEL_TEXTS; id++)
    if ((counts[id] as number) > 0) sizes.set(id, counts[id] as number);
  return sizes;
}

/** Each row's class (−1: its label is not one of `dense`'s). */
function denseClasses(label: Int32Array, dense: ReadonlyMap<number, number>): Int32Array {
  const classOf = new Int32Array(label.length);
  const byId = new Int32Array(MAX_LABEL_TEXTS).fill(-1);
  for (const [id, c] of dense) if (id < MAX_LABEL_TEXTS) byId[id] = c;
  for (let i = 0; i < label.length; i++) {
    const id = label[i] as number;
    classOf[i] = id < MAX_LABEL_TEXTS ? (byId[id] as number) : (dense.get(id) ?? -1);
  }
  return classOf;
}

/** Every k-th row, about `size` of them, as rows of their own. */
function sampleOf(
  data: QualityRows,
  classOf: Int32Array,
  size: number,
): { data: QualityRows; classOf: Int32Array } {
  const step = data.rows / size;
  const picked: number[] = [];
  for (let k = 0; k < size; k++) picked.push(Math.floor(k * step));
  const wordStart = new Uint32Array(picked.length + 1);
  let total = 0;
  let wordCount = 0;
  const read = new Uint16Array(MAX_WORDS);
  picked.forEach((i, k) => {
    total += (data.wordStart[i + 1] as number) - (data.wordStart[i] as number);
    wordStart[k + 1] = total;
    wordCount += rowWords(data, i, read);
  });
  const words = new Uint8Array(total);
  picked.forEach((i, k) =>
    words.set(data.words.subarray(data.wordStart[i], data.wordStart[i + 1]), wordStart[k]),
  );
  const take = <T extends Uint32Array | Int32Array | Float64Array>(from: T, make: (n: number) => T): T => {
    const out = make(picked.length);
    picked.forEach((i, k) => (out[k] = from[i] as number));
    return out;
  };
  return {
    data: {
      rows: picked.length,
      positions: take(data.positions, (n) => new Uint32Array(n)),
      wordStart,
      words,
      vocabulary: data.vocabulary,
      wordCount,
      promptKey: take(data.promptKey, (n) => new Float64Array(n)),
      label: take(data.label, (n) => new Int32Array(n)),
      labels: data.labels,
    },
    classOf: take(classOf, (n) => new Int32Array(n)),
  };
}

/**
 * Why the model may not judge labels (null: it may): no better than always answering the biggest class
 * by a third of the way to perfect, it would accuse rows at random.
 */
function unpredictable(probs: Float32Array, classOf: Int32Array, classes: number): string | null {
  let right = 0;
  let judged = 0;
  const perClass = new Float64Array(classes);
  for (let i = 0; i < classOf.length; i++) {
    const y = classOf[i] as number;
    if (y < 0) continue;
    judged++;
    perClass[y] = (perClass[y] as number) + 1;
    let top = 0;
    for (let c = 1; c < classes; c++)
      if ((probs[i * classes + c] as number) > (probs[i * classes + top] as number)) top = c;
    if (top === y) right++;
  }
  let biggest = 0;
  for (const size of perClass) biggest = Math.max(biggest, size);
  const accuracy = right / Math.max(1, judged);
  const base = biggest / Math.max(1, judged);
  if (accuracy >= base + (1 - base) / 3) return null;
  return `the labels cannot be told from the text well enough (out-of-fold accuracy ${(100 * accuracy).toFixed(0)} %, ${(100 * base).toFixed(0)} % by always answering the commonest label)`;
}

function membersOf(group: Int32Array, groups: number): number[][] {
  const members: number[][] = Array.from({ length: groups }, () => []);
  for (let i = 0; i < group.length; i++) if ((group[i] as number) >= 0) members[group[i] as number]?.push(i);
  return members;
}

/** Group ids 1, 2, … in the order the groups' first rows come, so that they read as a list. */
function renumber(details: QualityDetail[]): QualityDetail[] {
  const ids = new Map<number, number>();
  return details.map((d) => {
    if (d.group === null) return d;
    let id = ids.get(d.group);
    if (id === undefined) ids.set(d.group, (id = ids.size + 1));
    return { ...d, group: id };
  });
}
