import { describe, expect, it } from 'vitest';
import * as hashes from '../../../src/core/prepare/digest.js';

/** Both 32-bit lanes of a text's digest, and its letter counts. */
function of(text: string): { lanes: string; counts: [number, number] } {
  const counts: [number, number] = [0, 0];
  const first = hashes.digest(text, 0, counts, hashes.newCharTable());
  return { lanes: `${first}:${hashes.lane2}`, counts };
}

describe('digest', () => {
  it('tells apart texts that differ only by a trailing NUL or by the order of two units', () => {
    const texts = ['', 'x', 'x\u0000', '\u0000x', 'ab', 'ba', 'abc', 'abc\u0000', 'a\u0000bc'];
    const lanes = new Set(texts.map((t) => of(t).lanes));
    expect(lanes.size).toBe(texts.length);
    expect(of('abc').lanes).toBe(of('abc').lanes);
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
