/**
 * One loop per text for pass 1: a 64-bit hash (two 32-bit lanes, cyrb53's mixing), the counts of
 * uppercase and lowercase letters, and the OR of the character classes seen (`signature`), which tells
 * the separator and ending trackers whether a text can hold any of their candidates at all. A 64K-entry
 * table per analysis classifies UTF-16 units so the loop has no regex; only characters outside the
 * Basic Multilingual Plane (surrogate pairs) are tested one by one.
 *
 * Each entry packs counters and classes so that one addition and one OR per unit do all the counting:
 * bits 0-11 count an uppercase letter, bits 12-23 a lowercase one (summed over at most `RUN` units,
 * then carried out before they could overflow), bits 24-28 are classes (OR-ed; their sum is ignored).
 */
const UPPER = 1;
const LOWER = 1 << 12;
const COUNT_MASK = 0xfff;
const HIGH_SURROGATE = 1 << 24;
/** Bits the option trackers set on the characters that announce one of their candidates. */
export const SEPARATOR_SIGN = 1 << 25;
export const ENDING_SIGN = 1 << 26;
export const NEWLINE = 1 << 27;
/** U+0000 to U+001F: a raw one makes a JSON line invalid (the fast path leaves them to the digest). */
export const CONTROL = 1 << 28;
/** Units summed before the counters are carried out: 4094 units add at most 4094 to a 12-bit field. */
const RUN = 4094;

let base: Int32Array | null = null;

/** A fresh character table for one analysis (the trackers write their bits into it). */
export function newCharTable(): Int32Array {
  base ??= caseTable();
  return base.slice();
}

function caseTable(): Int32Array {
  const t = new Int32Array(65536);
  const upper = /\p{Lu}/u;
  const lower = /\p{Ll}/u;
  for (let c = 0; c < 65536; c++) {
    if (c >= 0xd800 && c <= 0xdbff) t[c] = HIGH_SURROGATE;
    else if (c >= 0xdc00 && c <= 0xdfff) continue;
    else if (c < 128) t[c] = c >= 65 && c <= 90 ? UPPER : c >= 97 && c <= 122 ? LOWER : 0;
    else {
      const ch = String.fromCharCode(c);
      t[c] = upper.test(ch) ? UPPER : lower.test(ch) ? LOWER : 0;
    }
  }
  for (let c = 0; c < 32; c++) t[c] = CONTROL;
  t[10] = NEWLINE | CONTROL;
  return t;
}

const ASTRAL_UPPER = /\p{Lu}/u;
const ASTRAL_LOWER = /\p{Ll}/u;

/** Second lane of the last `digest` (kept in a variable to avoid allocating a pair per call). */
export let lane2 = 0;
/** OR of the table entries of the last `digest`'s characters. */
export let signature = 0;

/**
 * Hashes the units [start, end) of `text` and adds their uppercase / lowercase letters to `counts`
 * ([upper, lower]). A range rather than a string of its own: the caller's text is often the chunk a
 * value was read from, and reading a flat string's units is faster than reading a slice's.
 */
export function digest(
  text: string,
  start: number,
  end: number,
  seed: number,
  counts: [number, number],
  t: Int32Array,
): number {
  let a = 0xdeadbeef ^ seed;
  let b = 0x41c6ce57 ^ seed;
  let upper = 0;
  let lower = 0;
  const n = end - start;
  let sign = 0;
  // Branch-free: letters are unpredictable, and a mispredicted branch per character costs more than
  // the hashing itself. The hash takes two UTF-16 units per step (one 32-bit word): half the
  // multiplications; the length, mixed in at the end, tells "x" from "x\0".
  let i = start;
  while (i + 1 < end) {
    const stop = Math.min(end - 1, i + RUN);
    let sum = 0;
    for (; i < stop; i += 2) {
      const c = text.charCodeAt(i);
      const d = text.charCodeAt(i + 1);
      const w = c | (d << 16);
      a = Math.imul(a ^ w, 2654435761);
      b = Math.imul(b ^ w, 1597334677);
      const k = t[c] as number;
      const l = t[d] as number;
      sum = (sum + k + l) | 0;
      sign |= k | l;
    }
    upper += sum & COUNT_MASK;
    lower += (sum >>> 12) & COUNT_MASK;
  }
  if (i < end) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
    const k = t[c] as number;
    upper += k & COUNT_MASK;
    lower += (k >>> 12) & COUNT_MASK;
    sign |= k;
  }
  a ^= n;
  b ^= Math.imul(n, 0x9e3779b1);
  if ((sign & HIGH_SURROGATE) !== 0) {
    for (let i = start; i + 1 < end; i++) {
      if (((t[text.charCodeAt(i)] ?? 0) & HIGH_SURROGATE) === 0) continue;
      const pair = text.slice(i, i + 2);
      if (ASTRAL_UPPER.test(pair)) upper++;
      else if (ASTRAL_LOWER.test(pair)) lower++;
    }
  }
  signature = sign;
  counts[0] += upper;
  counts[1] += lower;
  a = Math.imul(a ^ (a >>> 16), 2246822507) ^ Math.imul(b ^ (b >>> 13), 3266489909);
  b = Math.imul(b ^ (b >>> 16), 2246822507) ^ Math.imul(a ^ (a >>> 13), 3266489909);
  lane2 = b >>> 0;
  return a >>> 0;
}
