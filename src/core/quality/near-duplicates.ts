import { rowWords, type QualityRows } from './collector.js';
import { MAX_WORDS } from './words.js';
import { UnionFind } from './union-find.js';

/** Word-multiset Jaccard at or above this makes two prompts near-duplicates (issue #19). */
export const NEAR_JACCARD = 0.8;
/** Bins of the one-permutation MinHash signature, and the LSH bands over them. */
const BINS = 32;
const BAND = 4;
const BANDS = BINS / BAND;
/** Signature bins that must agree before two prompts are compared word by word (a cheap filter). */
const MIN_AGREE = 20;
/** Rows an LSH bucket remembers: each row is compared with at most these per band (linear time). */
const REPS = 2;
/**
 * Failed comparisons after which a bucket is a crowd: unrelated prompts that share a band because the
 * file's vocabulary is small (the bench's tickets: 25 words, every row in a bucket of hundreds). Rows
 * that land in it later are not compared there; near-copies still meet in their other bands' buckets
 * (in such a file, not always: docs/quality-checks.md, limits).
 */
const CROWD = 16;

/**
 * Near-duplicate prompts (docs/quality-checks.md): equal once case, spacing and punctuation are gone,
 * or sharing at least NEAR_JACCARD of their words (as multisets: "a a b" and "a b" share 2 of 3). Found
 * in linear time: a MinHash signature per prompt (one permutation, BINS bins, densified), rows that
 * agree on a whole band of it are compared exactly, and matches are joined into groups. Returns each
 * row's group (−1: none), groups numbered from 0 by their first row, so that the same rows make the
 * same groups whatever the file's order.
 */
export function nearDuplicateGroups(
  data: QualityRows,
  signal?: AbortSignal,
): { group: Int32Array; groups: number } {
  const n = data.rows;
  const sets = new UnionFind(n);
  // One block serves the equal-prompt table, then the LSH buckets, then the group numbering: three
  // arrays alive in turn were up to 30 MB more at the peak on 800k rows (they go when the GC runs).
  // Half again as many buckets as rows (not the next power of two: 19 MB at 800k rows, this 10 MB).
  const size = Math.max(2, Math.ceil(1.5 * n));
  const table = new Int32Array(Math.max(size * REPS, 1 << equalBits(n)));
  joinEqualPrompts(data, sets, table);
  signal?.throwIfAborted();
  const signatures = minHashSignatures(data);
  // A band (BAND bins of 8 bits) read as one 32-bit number: the bucket is that exact number.
  const bands = new Uint32Array(signatures.buffer, signatures.byteOffset, n * BANDS);
  const counts = new Int32Array(65536);
  // Comparisons that found nothing, per bucket (saturating at CROWD).
  const failed = new Uint8Array(size);
  const { wordStart } = data;
  for (let band = 0; band < BANDS; band++) {
    table.fill(-1);
    failed.fill(0);
    for (let i = 0; i < n; i++) {
      if (wordStart[i] === wordStart[i + 1]) continue;
      const key = bands[i * BANDS + band] as number;
      let h = Math.imul(key ^ Math.imul(band + 1, 0x9e3779b1), 0x85ebca6b);
      h ^= h >>> 13;
      let slot = Math.floor(((h >>> 0) / 0x100000000) * size);
      // A bucket holds the rows that remember it (REPS at most); its key is its first row's band.
      for (;;) {
        const at = slot * REPS;
        const first = table[at] as number;
        if (first === -1) {
          table[at] = i;
          break;
        }
        if (bands[first * BANDS + band] === key) {
          if ((failed[slot] as number) >= CROWD) break;
          for (let r = 0; r < REPS; r++) {
            const other = table[at + r] as number;
            if (other === -1) {
              table[at + r] = i;
              break;
            }
            if (sets.find(other) === sets.find(i)) continue;
            if (similar(data, bands, counts, other, i)) sets.union(other, i);
            else failed[slot] = (failed[slot] as number) + 1;
          }
          break;
        }
        if (++slot === size) slot = 0;
      }
    }
    signal?.throwIfAborted();
  }
  return numbered(sets, n, table);
}

/**
 * Each row's group (−1: none), groups numbered from 0 by their first row. `scratch` holds at least
 * 2n numbers (each root's set size, then its group).
 */
function numbered(sets: UnionFind, n: number, scratch: Int32Array): { group: Int32Array; groups: number } {
  const group = new Int32Array(n).fill(-1);
  const sizes = scratch.subarray(0, n).fill(0);
  const ids = scratch.subarray(n, 2 * n).fill(-1);
  for (let i = 0; i < n; i++) sizes[sets.find(i)] = (sizes[sets.find(i)] as number) + 1;
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const root = sets.find(i);
    if ((sizes[root] as number) < 2) continue;
    if (ids[root] === -1) ids[root] = groups++;
    group[i] = ids[root] as number;
  }
  return { group, groups };
}

/**
 * Joins prompts equal once normalised (same key): an open-addressing table of first rows, keyed by the
 * row's `promptKey` (a Map of numbers past 2^31 boxes every key: slow, and tens of MB at 800k rows), in
 * `scratch`.
 */
function joinEqualPrompts(data: QualityRows, sets: UnionFind, scratch: Int32Array): void {
  const { wordStart, promptKey } = data;
  const n = data.rows;
  const bits = equalBits(n);
  const mask = (1 << bits) - 1;
  const first = scratch.subarray(0, 1 << bits).fill(-1);
  for (let i = 0; i < n; i++) {
    if (wordStart[i + 1] === wordStart[i]) continue;
    const key = promptKey[i] as number;
    let slot = Math.imul((key >>> 0) ^ Math.floor(key / 0x100000000), 0x9e3779b1) >>> (32 - bits);
    for (;;) {
      const row = first[slot] as number;
      if (row === -1) {
        first[slot] = i;
        break;
      }
      if (promptKey[row] === key) {
        sets.union(row, i);
        break;
      }
      slot = (slot + 1) & mask;
    }
  }
}

/** The equal-prompt table's size: the power of two at or above 2n. */
function equalBits(n: number): number {
  let bits = 1;
  while (1 << bits < 2 * n) bits++;
  return bits;
}

/** Mixes a word hash and its occurrence number into 32 bits. */
function element(word: number, occurrence: number): number {
  let h = Math.imul(word * 64 + occurrence + 1, 0x9e3779b1);
  h ^= h >>> 15;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return h >>> 0;
}

/**
 * One-permutation MinHash over each prompt's word multiset (the k-th "a" is its own element): the top
 * 5 bits of an element's hash pick its bin, the low 16 bits are its value; an empty bin borrows from
 * the next non-empty one with an offset (densification), so short prompts still fill every bin. Each bin
 * keeps the low 8 bits of its minimum (b-bit MinHash, Li and König 2010): unequal minima agree by chance
 * one time in 256, which the exact comparison behind the filter absorbs, and 800k rows take 26 MB, not 51.
 */
function minHashSignatures(data: QualityRows): Uint8Array {
  const n = data.rows;
  const { wordStart } = data;
  const out = new Uint8Array(n * BINS);
  // Occurrences of each word so far in this row (reset after it): "a a b" has elements a#0, a#1, b#0.
  const seen = new Uint8Array(65536);
  const bins = new Int32Array(BINS);
  const words = new Uint16Array(MAX_WORDS);
  for (let i = 0; i < n; i++) {
    if (wordStart[i] === wordStart[i + 1]) continue;
    const m = rowWords(data, i, words);
    bins.fill(0x10000);
    for (let k = 0; k < m; k++) {
      const w = words[k] as number;
      const occurrence = seen[w] as number;
      seen[w] = occurrence + 1;
      const h = element(w, occurrence);
      const bin = h >>> 27;
      const value = h & 0xffff;
      if (value < (bins[bin] as number)) bins[bin] = value;
    }
    for (let k = 0; k < m; k++) seen[words[k] as number] = 0;
    // Backwards, carrying the next non-empty bin (past the end: the first one, BINS further on).
    let next = 0;
    while ((bins[next] as number) === 0x10000) next++;
    let value = bins[next] as number;
    next += BINS;
    for (let k = BINS - 1; k >= 0; k--) {
      if ((bins[k] as number) !== 0x10000) {
        next = k;
        value = bins[k] as number;
      }
      out[i * BINS + k] = (value + (next - k) * 0x3b9d) & 0xff;
    }
  }
  return out;
}

/** The exact test: word-multiset Jaccard of rows x and y, after a cheap look at their signatures. */
function similar(data: QualityRows, bands: Uint32Array, counts: Int32Array, x: number, y: number): boolean {
  // A band (4 bins) at a time; stops at the first disagreement too many: most candidates of a crowded
  // band fail within a dozen bins.
  let disagree = 0;
  for (let b = 0; b < BANDS; b++) {
    const diff = (bands[x * BANDS + b] as number) ^ (bands[y * BANDS + b] as number);
    if (diff === 0) continue;
    disagree += ((diff & 0xff) !== 0 ? 1 : 0) + ((diff & 0xff00) !== 0 ? 1 : 0);
    disagree += ((diff & 0xff0000) !== 0 ? 1 : 0) + ((diff & 0xff000000) !== 0 ? 1 : 0);
    if (disagree > BINS - MIN_AGREE) return false;
  }
  return multisetJaccard(data, counts, x, y) >= NEAR_JACCARD;
}

/** The two rows' words, read for the exact test. */
const xWords = new Uint16Array(MAX_WORDS);
const yWords = new Uint16Array(MAX_WORDS);

/** |A ∩ B| / |A ∪ B| over the two rows' word multisets; `counts` is all zeros before and after. */
export function multisetJaccard(data: QualityRows, counts: Int32Array, x: number, y: number): number {
  const xn = rowWords(data, x, xWords);
  const yn = rowWords(data, y, yWords);
  for (let k = 0; k < xn; k++) counts[xWords[k] as number] = (counts[xWords[k] as number] as number) + 1;
  let shared = 0;
  for (let k = 0; k < yn; k++) {
    const w = yWords[k] as number;
    if ((counts[w] as number) > 0) {
      counts[w] = (counts[w] as number) - 1;
      shared++;
    }
  }
  for (let k = 0; k < xn; k++) counts[xWords[k] as number] = 0;
  const union = xn + yn - shared;
  return union === 0 ? 1 : shared / union;
}
