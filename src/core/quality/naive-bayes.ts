import { mulberry32 } from '../prepare/hash.js';
import { rowWords, type QualityRows } from './collector.js';
import { MAX_WORDS } from './words.js';

/**
 * How the text classifier of the mislabel check is built. `tuned` is ours; `baseline` is the plain
 * multinomial naive Bayes that the bench and the tests hold it against (word counts only). Both use
 * add-one smoothing and the probabilities as the model gives them: a temperature fitted on the noisy
 * labels was tried and lost recall.
 */
export interface ClassifierOptions {
  readonly folds: number;
  readonly seed: number;
  readonly variant: 'tuned' | 'baseline';
  /** Score only the first this many folds (the other rows get even odds, 1 / classes); default: every fold. */
  readonly scored?: number;
  /** Hashed feature slots at most (a power of two; default: from the data's size, see dimensionsFor). */
  readonly maxDimensions?: number;
}

export const DEFAULT_CLASSIFIER: ClassifierOptions = { folds: 5, seed: 42, variant: 'tuned' };

/**
 * Hashed feature slots: about four per word of the data (words and word pairs), at least 4,096 and at
 * most 2^18 (2^16 past 16 classes), so that a small file does not pay for a big table.
 */
function dimensionsFor(words: number, classes: number): number {
  const most = classes <= 16 ? 1 << 18 : 1 << 16;
  let dims = 4096;
  while (dims < most && dims < 4 * words) dims *= 2;
  return dims;
}

/** Counts below this take their logarithm from a table: a fold's model is dims × classes logarithms. */
const LOG_TABLE = 4096;

/** Each row's fold, from a seeded shuffle: about n / folds rows each. */
export function foldsOf(n: number, folds: number, seed: number): Uint8Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const random = mulberry32(seed);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const t = order[i] as number;
    order[i] = order[j] as number;
    order[j] = t;
  }
  const fold = new Uint8Array(n);
  for (let k = 0; k < n; k++) fold[order[k] as number] = k % folds;
  return fold;
}

/** The row `features` reads. */
const wordsRead = new Uint16Array(MAX_WORDS);

/**
 * The features of row i into `out` (returns how many): hashed words, and with `tuned` hashed pairs of
 * neighbouring words, each once per row (presence, not counts: a word said twice is not twice the
 * evidence).
 */
function features(
  data: QualityRows,
  i: number,
  tuned: boolean,
  dims: number,
  out: Int32Array,
  stamp: Int32Array,
  mark: number,
): number {
  const words = wordsRead;
  const b = rowWords(data, i, words);
  let n = 0;
  const mask = dims - 1;
  for (let k = 0; k < b; k++) {
    const w = words[k] as number;
    const f = Math.imul(w + 1, 0x9e3779b1) >>> 0;
    const unigram = (f ^ (f >>> 15)) & mask;
    if (!tuned) out[n++] = unigram;
    else if (stamp[unigram] !== mark) {
      stamp[unigram] = mark;
      out[n++] = unigram;
    }
    if (tuned && k + 1 < b) {
      let g = Math.imul(w * 65536 + (words[k + 1] as number) + 7, 0x85ebca6b);
      g ^= g >>> 13;
      const bigram = (g >>> 0) & mask;
      if (stamp[bigram] !== mark) {
        stamp[bigram] = mark;
        out[n++] = bigram;
      }
    }
  }
  return n;
}

/**
 * Out-of-fold class probabilities of every row (row-major, `classes` per row): each fold is scored by a
 * naive Bayes model trained on the other folds, so no row's own label votes for it. Rows with
 * `classOf[i] < 0` are scored but train nothing. Linear in rows: the class-feature counts are summed
 * once and each fold's model is the total minus that fold.
 */
export function outOfFoldProbabilities(
  data: QualityRows,
  classOf: Int32Array,
  classes: number,
  options: ClassifierOptions = DEFAULT_CLASSIFIER,
  signal?: AbortSignal,
  /** Told after each fold is scored (for a progress line). */
  onFold?: (done: number, folds: number) => void,
): Float32Array {
  const n = data.rows;
  const tuned = options.variant === 'tuned';
  const dims = Math.min(dimensionsFor(data.wordCount, classes), options.maxDimensions ?? Infinity);
  const fold = foldsOf(n, options.folds, options.seed);
  const total = new Float32Array(dims * classes);
  const totalWords = new Float64Array(classes);
  const totalRows = new Float64Array(classes);
  const buffer = new Int32Array(2 * 64);
  const stamp = new Int32Array(dims).fill(-1);
  let mark = 0;
  // Features are made twice (to count, then to score), never stored: memory stays a few bytes a word.
  for (let i = 0; i < n; i++) {
    const c = classOf[i] as number;
    const m = features(data, i, tuned, dims, buffer, stamp, mark++);
    if (c < 0) continue;
    for (let k = 0; k < m; k++)
      total[(buffer[k] as number) * classes + c] = (total[(buffer[k] as number) * classes + c] as number) + 1;
    totalWords[c] = (totalWords[c] as number) + m;
    totalRows[c] = (totalRows[c] as number) + 1;
  }
  let vocabulary = 0;
  for (let f = 0; f < dims; f++) {
    for (let c = 0; c < classes; c++) {
      if ((total[f * classes + c] as number) > 0) {
        vocabulary++;
        break;
      }
    }
  }
  // Add-one smoothing: smaller values made the model surer of itself and confident learning worse.
  const alpha = 1;
  // log(count + alpha) of the small counts, which are nearly all of them (most slots of most classes are 0).
  const logOf = new Float64Array(LOG_TABLE);
  for (let count = 0; count < LOG_TABLE; count++) logOf[count] = Math.log(count + alpha);
  const scores = new Float32Array(n * classes);
  const held = new Float32Array(dims * classes);
  const logs = new Float32Array(dims * classes);
  const prior = new Float64Array(classes);
  const denominator = new Float64Array(classes);
  const scored = Math.min(options.folds, options.scored ?? options.folds);
  for (let k = 0; k < scored; k++) {
    held.fill(0);
    const heldWords = new Float64Array(classes);
    const heldRows = new Float64Array(classes);
    for (let i = 0; i < n; i++) {
      const c = classOf[i] as number;
      if (fold[i] !== k || c < 0) continue;
      const m = features(data, i, tuned, dims, buffer, stamp, mark++);
      for (let j = 0; j < m; j++)
        held[(buffer[j] as number) * classes + c] = (held[(buffer[j] as number) * classes + c] as number) + 1;
      heldWords[c] = (heldWords[c] as number) + m;
      heldRows[c] = (heldRows[c] as number) + 1;
    }
    let trainRows = 0;
    for (let c = 0; c < classes; c++) trainRows += (totalRows[c] as number) - (heldRows[c] as number);
    for (let c = 0; c < classes; c++) {
      const rows = (totalRows[c] as number) - (heldRows[c] as number);
      prior[c] = Math.log((rows + 1) / (trainRows + classes));
      denominator[c] = Math.log((totalWords[c] as number) - (heldWords[c] as number) + alpha * vocabulary);
    }
    for (let x = 0; x < dims * classes; x += classes) {
      for (let c = 0; c < classes; c++) {
        const count = (total[x + c] as number) - (held[x + c] as number);
        const log = count < LOG_TABLE ? (logOf[count] as number) : Math.log(count + alpha);
        logs[x + c] = log - (denominator[c] as number);
      }
    }
    for (let i = 0; i < n; i++) {
      if (fold[i] !== k) continue;
      const m = features(data, i, tuned, dims, buffer, stamp, mark++);
      const row = i * classes;
      for (let c = 0; c < classes; c++) scores[row + c] = prior[c] as number;
      for (let j = 0; j < m; j++) {
        const base = (buffer[j] as number) * classes;
        for (let c = 0; c < classes; c++)
          scores[row + c] = (scores[row + c] as number) + (logs[base + c] as number);
      }
    }
    signal?.throwIfAborted();
    onFold?.(k + 1, scored);
  }
  softmaxRows(scores, classes);
  return scores;
}

/** Turns each row's scores (log-probabilities up to a constant) into probabilities, in place. */
function softmaxRows(scores: Float32Array, classes: number): void {
  for (let row = 0; row < scores.length; row += classes) {
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, scores[row + c] as number);
    let sum = 0;
    for (let c = 0; c < classes; c++) {
      const e = Math.exp((scores[row + c] as number) - max);
      scores[row + c] = e;
      sum += e;
    }
    for (let c = 0; c < classes; c++) scores[row + c] = (scores[row + c] as number) / sum;
  }
}
