/**
 * The words of a prompt as the quality checks see them: runs of ASCII letters and digits (lowercased)
 * and of any non-ASCII unit, everything else (spaces, punctuation) a boundary. Each word is kept as a
 * 16-bit hash: two bytes a word keeps a 200k-row file's words in about 16 MB, and the rare collision
 * only merges two words for the classifier and the similarity (docs/quality-checks.md, limits).
 */

/** Words kept per row at most (the first ones): memory stays bounded whatever a prompt's length. */
export const MAX_WORDS = 48;

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * Each UTF-16 unit as the checks read it: 0 for a boundary, else the unit itself (ASCII letters
 * lowercased): one table load per unit instead of a class test and a case test.
 */
const UNIT = new Uint16Array(65536);
for (let c = 128; c < 65536; c++) UNIT[c] = c;
for (let c = 48; c <= 57; c++) UNIT[c] = c;
for (let c = 97; c <= 122; c++) UNIT[c] = c;
for (let c = 65; c <= 90; c++) UNIT[c] = c + 32;

/** The last `wordsOf`'s hash of its whole word sequence (normalised-equal prompts share it). */
export let sequenceHash = 0;
export let sequenceHash2 = 0;

/**
 * Writes the word hashes of text[start, end) into `out` from `at` (at most MAX_WORDS); returns how
 * many. Also sets `sequenceHash`/`sequenceHash2`: two 32-bit hashes of all the words in order.
 */
export function wordsOf(text: string, start: number, end: number, out: Uint16Array, at: number): number {
  let n = 0;
  let s1 = 0x9747b28c;
  let s2 = 0x2545f491;
  const unit = UNIT;
  let i = start;
  while (i < end) {
    let c = unit[text.charCodeAt(i++)] as number;
    if (c === 0) continue;
    // A word's units in a loop of their own: the only unpredictable branch is where it ends.
    let h = FNV_OFFSET;
    for (;;) {
      h = Math.imul(h ^ c, FNV_PRIME);
      if (i === end) break;
      c = unit[text.charCodeAt(i++)] as number;
      if (c === 0) break;
    }
    if (n < MAX_WORDS) out[at + n] = (h ^ (h >>> 16)) & 0xffff;
    n++;
    s1 = Math.imul(s1 ^ h, 0x85ebca6b);
    s1 ^= s1 >>> 13;
    s2 = Math.imul(s2 ^ h, 0xc2b2ae35) + n;
    s2 ^= s2 >>> 16;
  }
  sequenceHash = s1 >>> 0;
  sequenceHash2 = s2 >>> 0;
  return Math.min(n, MAX_WORDS);
}

/** A 53-bit key of text[start, end) without its surrounding whitespace (labels that differ only there agree). */
export function trimmedKey(text: string, start: number, end: number): number {
  while (start < end && text.charCodeAt(start) <= 32) start++;
  while (end > start && text.charCodeAt(end - 1) <= 32) end--;
  let a = FNV_OFFSET;
  let b = 0x5bd1e995;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, FNV_PRIME);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0) * 0x200000 + ((b >>> 0) & 0x1fffff);
}
