import { describe, expect, it } from 'vitest';
import { agreementKind, agreementReport } from '../../src/core/agreement.js';

const pair = (golden: string, candidate: string, expected?: string) => ({ golden, candidate, expected });

describe('agreement between a recorded model and its replacement', () => {
  it('counts answers equal after trimming as agreeing, and lists the others as flipped', () => {
    const report = agreementReport(
      [pair(' sports', 'sports'), pair(' food', ' tech'), pair(' tech', 'tech\n'), pair(' food', 'Food')],
      'classification',
    );
    expect(report.agreed).toBe(2);
    expect(report.agreement).toBe(0.5);
    // Case is not trimmed away: "Food" is another label.
    expect(report.flipped).toEqual([1, 3]);
  });

  it('gives per-class agreement over what the old model said, and a confusion of old against new', () => {
    const report = agreementReport(
      [pair('a', 'a'), pair('a', 'b'), pair('a', 'a'), pair('b', 'b'), pair('b', 'zzz'), pair('c', 'c')],
      'classification',
    );
    if (report.kind !== 'classification') throw new Error('expected classification');
    expect(report.labels).toEqual(['a', 'b', 'c']);
    expect(report.columns).toEqual(['a', 'b', 'c', '(other)']);
    expect(report.confusion).toEqual([
      [2, 1, 0, 0],
      [0, 1, 0, 1],
      [0, 0, 1, 0],
    ]);
    expect(report.perClass.map((c) => [c.label, c.count, c.agreed])).toEqual([
      ['a', 3, 2],
      ['b', 2, 1],
      ['c', 1, 1],
    ]);
    expect(report.perClass[0]?.rate).toBeCloseTo(2 / 3);
  });

  it('has no (other) column when every new answer is a label the old model used', () => {
    const report = agreementReport([pair('a', 'b'), pair('b', 'a'), pair('a', 'a')], 'classification');
    if (report.kind !== 'classification') throw new Error('expected classification');
    expect(report.columns).toEqual(['a', 'b']);
  });

  it('scores generation by exact match and token F1 between the two answers', () => {
    const report = agreementReport(
      [pair('the cat sat', 'the cat sat'), pair('a red fox', 'a fox')],
      'generation',
    );
    if (report.kind !== 'generation') throw new Error('expected generation');
    expect(report.exactMatch).toBe(0.5);
    // Second pair: precision 2/2, recall 2/3 → F1 0.8; mean (1 + 0.8) / 2.
    expect(report.tokenF1).toBeCloseTo(0.9);
  });

  it('scores each model against the data only when every pair has an expected answer', () => {
    const both = agreementReport([pair('x', 'x', 'x'), pair('y', 'x', 'y')], 'generation');
    expect(both.versusData?.golden).toMatchObject({ exactMatch: 1 });
    expect(both.versusData?.candidate).toMatchObject({ exactMatch: 0.5 });
    const partial = agreementReport([pair('x', 'x', 'x'), pair('y', 'x')], 'generation');
    expect(partial.versusData).toBeNull();
  });

  it('decides the kind from the data when every pair has it, else from the old answers', () => {
    const labels = Array.from({ length: 9 }, (_, i) => pair(`g${i}`, 'c', i % 2 === 0 ? 'yes' : 'no'));
    expect(agreementKind(labels)).toBe('classification');
    const free = Array.from({ length: 9 }, (_, i) => pair(`g${i}`, 'c'));
    expect(agreementKind(free)).toBe('generation');
  });

  it('reports zero agreement, not NaN, on an empty comparison', () => {
    expect(agreementReport([], 'classification').agreement).toBe(0);
  });
});
