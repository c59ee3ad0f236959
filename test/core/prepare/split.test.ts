import { describe, expect, it } from 'vitest';
import { legacyPermutation, splitIndices, trainCount } from '../../../src/core/prepare/split.js';

describe('split', () => {
  it('reproduces numpy RandomState(42).permutation for n = 10 as the reference documents', () => {
    const { train, valid } = splitIndices(10);
    expect([...train]).toEqual([8, 1, 5, 0, 7, 2, 9, 4]);
    expect([...valid]).toEqual([3, 6]);
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
});
