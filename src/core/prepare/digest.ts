/**
 * One loop per text for pass 1: a 64-bit hash (two 32-bit lanes, cyrb53's mixing), the counts of
 * uppercase and lowercase letters, and the OR of the character classes seen (`signature`), which tells
 * the separator and ending trackers whether a text can hold any of their candidates at all. A 64 KB
 * table per analysis classifies UTF-16 units so the loop has no regex; only characters outside the
 * Basic Multilingual Plane (surrogate pairs) are tested one by one.
 */
const UPPER = 1;
const LOWER = 2;
const HIGH_SURROGATE = 4;
/** Bits the option trackers set on the characters that announce one of their candidates. */
export const SEPARATOR_SIGN = 8;
export const ENDING_SIGN = 16;
export const NEWLINE = 32;

let base: Uint8Array | null = null;

/** A fresh character table for one analysis (the trackers write their bits into it). */
export function newCharTable(): Uint8Array {
  base ??= caseTable();
  return base.slice();
}

function caseTable(): Uint8Array {
  const t = new Uint8Array(65536);
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
  t[10] = NEWLINE;
  return t;
}

const ASTRAL_UPPER = /\p{Lu}/u;
const ASTRAL_LOWER = /\p{Ll}/u;

/** Second lane of the last `digest` (kept in a variable to avoid allocating a pair per call). */
export let lane2 = 0;
/** OR of the table entries of the last `digest`'s characters. */
export let signature = 0;

/** Hashes `text` and adds its uppercase / lowercase letters to `counts` ([upper, lower]). */
export function digest(text: string, seed: number, counts: [number, number], t: Uint8Array): number {
  let a = 0xdeadbeef ^ seed;
  let b = 0x41c6ce57 ^ seed;
  let upper = 0;
  let lower = 0;
  const n = text.length;
  let astral = 0;
  let sign = 0;
  // Branch-free: letters are unpredictable, and a mispredicted branch per character costs more than
  // the hashing itself. The hash takes two UTF-16 units per step (one 32-bit word): half the
  // multiplications; the length, mixed in at the end, tells "x" from "x\0".
  let i = 0;
  for (; i + 1 < n; i += 2) {
    const c = text.charCodeAt(i);
    const d = text.charCodeAt(i + 1);
    const w = c | (d << 16);
    a = Math.imul(a ^ w, 2654435761);
    b = Math.imul(b ^ w, 1597334677);
    const k = t[c] as number;
    const l = t[d] as number;
    upper += (k & UPPER) + (l & UPPER);
    lower += ((k & LOWER) + (l & LOWER)) >>> 1;
    astral += ((k & HIGH_SURROGATE) + (l & HIGH_SURROGATE)) >>> 2;
    sign |= k | l;
  }
  if (i < n) {
    const c = text.charCodeAt(i);
    a = Math.imul(a ^ c, 2654435761);
    b = Math.imul(b ^ c, 1597334677);
    const k = t[c] as number;
    upper += k & UPPER;
    lower += (k & LOWER) >>> 1;
    astral += (k & HIGH_SURROGATE) >>> 2;
    sign |= k;
  }
  a ^= n;
  b ^= Math.imul(n, 0x9e3779b1);
  if (astral > 0) {
    for (let i = 0; i < n; i++) {
      if (((t[text.charCodeAt(i)] ?? 0) & HIGH_SURROGATE) === 0 || i + 1 >= n) continue;
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
