import { describe, expect, it } from 'vitest';
import * as hashes from '../../../src/core/prepare/digest.js';
import { HashSet64 } from '../../../src/core/prepare/hash.js';

/** Both 32-bit lanes of a text's digest, and its letter counts. */
function of(text: string): { lanes: string; counts: [number, number] } {
  const counts: [number, number] = [0, 0];
  const first = hashes.digest(text, 0, text.length, 0, counts, hashes.newCharTable());
  return { lanes: `${first}:${hashes.lane2}`, counts };
}

describe('digest', () => {
  it('tells apart texts that differ only by a trailing NUL or by the order of two units', () => {
    const texts = ['', 'x', 'x\u0000', '\u0000x', 'ab', 'ba', 'abc', 'abc\u0000', 'a\u0000bc'];
    const lanes = new Set(texts.map((t) => of(t).lanes));
    expect(lanes.size).toBe(texts.length);
  });

  it('gives a range of a longer text the digest of that text alone, call after call', () => {
    const counts: [number, number] = [0, 0];
    const table = hashes.newCharTable();
    const inner = hashes.digest('--abc--', 2, 5, 0, counts, table);
    expect(`${inner}:${hashes.lane2}`).toBe(of('abc').lanes);
    expect(of('abc').lanes).toBe(`${inner}:${hashes.lane2}`);
    expect(`${hashes.digest('--abc--', 2, 6, 0, counts, table)}:${hashes.lane2}`).not.toBe(of('abc').lanes);
  });

  it('counts upper- and lowercase letters at odd and even lengths, outside the BMP too', () => {
    expect(of('AbC dÉ').counts).toEqual([3, 2]);
    expect(of('AbC dÉx').counts).toEqual([3, 3]);
    // U+1D400 (bold capital A) is uppercase, U+1D41A (bold small a) lowercase; the emoji neither.
    expect(of('\u{1D400}\u{1D41A}\u{1F600}Z').counts).toEqual([2, 1]);
    expect(of('1234 -> !?').counts).toEqual([0, 0]);
  });

  it('counts letters exactly in texts longer than the runs its counters are carried out after', () => {
    expect(of('A'.repeat(10_001)).counts).toEqual([10_001, 0]);
    expect(of('aB'.repeat(9_000) + 'é').counts).toEqual([9_000, 9_001]);
    expect(of('Zz '.repeat(20_000)).counts).toEqual([20_000, 20_000]);
  });
});

describe('digest of a range', () => {
  it('equals the digest of the same units cut into a string of their own', () => {
    const text = 'xx Ab😀𐐀𐐨é\u0000ZZ yy' + 'Qq'.repeat(5000) + ' tail';
    for (const [start, end] of [
      [0, text.length],
      [3, 9],
      [4, 9],
      [5, 7],
      [2, 10_010],
      [7, 7],
    ] as const) {
      const counts: [number, number] = [0, 0];
      const table = hashes.newCharTable();
      const lanes = `${hashes.digest(text, start, end, 3, counts, table)}:${hashes.lane2}`;
      const slice = text.slice(start, end);
      const alone: [number, number] = [0, 0];
      expect(lanes).toBe(`${hashes.digest(slice, 0, slice.length, 3, alone, table)}:${hashes.lane2}`);
      expect(counts).toEqual(alone);
    }
  });
});

describe('HashSet64', () => {
  it('answers the same with room reserved up front, too little or too much', () => {
    const plain = new HashSet64();
    const small = new HashSet64();
    const large = new HashSet64();
    small.reserve(100);
    large.reserve(50_000);
    // One assertion at the end: an `expect` per key cost seconds.
    const disagreements: number[] = [];
    for (let i = 0; i < 20_000; i++) {
      // Every fifth key repeats an earlier one.
      const k = i % 5 === 4 ? i >> 1 : i;
      const hi = Math.imul(k, 2654435761) >>> 0;
      const lo = k % 7 === 0 ? 0 : k;
      const added = plain.add(hi, lo);
      if (small.add(hi, lo) !== added || large.add(hi, lo) !== added) disagreements.push(i);
    }
    expect(disagreements).toEqual([]);
    expect(small.size).toBe(plain.size);
    expect(large.size).toBe(plain.size);
    expect(plain.size).toBeLessThan(20_000);
  });
});
