import { describe, expect, it } from 'vitest';
import { decodeWords, WordCodes } from '../../../src/core/quality/word-codes.js';

describe('WordCodes', () => {
  it('reads back every word hash, in one byte for the first 128 words, two up to 16,384, three after', () => {
    const codes = new WordCodes();
    // Every 16-bit hash once (in a scrambled order), then the first ones again: they keep their codes.
    const all = Array.from({ length: 65536 }, (_, k) => (k * 40503 + 17) & 0xffff);
    const words = Uint16Array.from([...all, ...all.slice(0, 200)]);
    const bytes = new Uint8Array(3 * words.length);
    const sizes: number[] = [];
    let end = 0;
    for (let k = 0; k < words.length; k++) {
      const next = codes.encode(words.subarray(k, k + 1), 1, bytes, end);
      sizes.push(next - end);
      end = next;
    }
    expect(sizes.slice(0, 128).every((s) => s === 1)).toBe(true);
    expect(sizes.slice(128, 16384).every((s) => s === 2)).toBe(true);
    expect(sizes.slice(16384, 65536).every((s) => s === 3)).toBe(true);
    expect(sizes.slice(65536, 65536 + 128).every((s) => s === 1)).toBe(true);
    const out = new Uint16Array(words.length);
    expect(decodeWords(bytes, 0, end, codes.vocabulary, out)).toBe(words.length);
    expect(out).toEqual(words);
  });
});
