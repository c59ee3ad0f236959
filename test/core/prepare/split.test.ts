import { describe, expect, it } from 'vitest';
import {
  legacyPermutation,
  splitIndices,
  stratifiedSplitIndices,
  trainCount,
} from '../../../src/core/prepare/split.js';

describe('split', () => {
  it('reproduces numpy RandomState(42).permutation for n = 10 as the reference documents', () => {
    const { train, valid } = splitIndices(10);
    expect([...train]).toEqual([8, 1, 5, 0, 7, 2, 9, 4]);
    expect([...valid]).toEqual([3, 6]);
  });

  it('keeps validation rows in file order: numpy RandomState(42).permutation(20) ends 7, 10, 14, 6', () => {
    // Checked against numpy 2; the training rows stay in permutation order.
    const { train, valid } = splitIndices(20);
    expect([...train]).toEqual([0, 17, 15, 1, 8, 5, 11, 3, 18, 16, 13, 2, 9, 19, 4, 12]);
    expect([...valid]).toEqual([6, 7, 10, 14]);
  });

  it('keeps at most 1,000 validation rows and 20% otherwise', () => {
    expect(trainCount(10)).toBe(8);
    expect(trainCount(12)).toBe(9);
    expect(trainCount(10_000)).toBe(9_000);
    expect(trainCount(4_000)).toBe(3_200);
  });

  it('draws every index exactly once', () => {
    const perm = legacyPermutation(5_000);
    expect(new Set(perm).size).toBe(5_000);
  });

  it('stratified: every class of two or more on both sides, the reference split for one class', () => {
    expect(stratifiedSplitIndices(new Array<number>(10).fill(0))).toEqual(splitIndices(10));
    // Class 1 sits where the reference split puts no validation row (3 and 6 are validation).
    const classes = [1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 2];
    const { train, valid } = stratifiedSplitIndices(classes);
    const side = (rows: Uint32Array) => new Set([...rows].map((i) => classes[i]));
    expect(side(valid)).toEqual(new Set([0, 1]));
    expect(side(train)).toEqual(new Set([0, 1, 2]));
    expect([...valid]).toEqual([...valid].sort((a, b) => a - b));
    expect(new Set([...train, ...valid]).size).toBe(classes.length);
    // The same input, the same split.
    expect(stratifiedSplitIndices(classes)).toEqual({ train, valid });
  });

  it('swaps the last pair too: numpy RandomState(42).permutation(2) is [1, 0]', () => {
    // Checked against numpy 2 (np.random.RandomState(42).permutation(2)); a Fisher–Yates loop that
    // stopped one step early would leave two rows in file order.
    expect([...legacyPermutation(2)]).toEqual([1, 0]);
    expect([...legacyPermutation(1)]).toEqual([0]);
    expect([...legacyPermutation(0)]).toEqual([]);
  });

  it('stratified: each class gives a fifth of its rows to validation, rounded', () => {
    // 25 rows: 20% validation. 12 rows × 0.2 = 2.4 → 2; 13 rows × 0.2 = 2.6 → 3.
    const classes = [...new Array<number>(12).fill(0), ...new Array<number>(13).fill(1)];
    const { train, valid } = stratifiedSplitIndices(classes);
    const count = (rows: Uint32Array, c: number) => [...rows].filter((i) => classes[i] === c).length;
    expect([count(valid, 0), count(valid, 1)]).toEqual([2, 3]);
    expect([count(train, 0), count(train, 1)]).toEqual([10, 10]);
  });
});
