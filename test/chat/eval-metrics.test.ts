import { describe, expect, it } from 'vitest';
import {
  OTHER_LABEL,
  scoreClassification,
  scoreGeneration,
  taskKind,
  tokenF1,
} from '../../src/core/eval-metrics.js';
import { renderEvalReport } from '../../src/core/eval-report.js';

const pairs = (rows: readonly [string, string][]) =>
  rows.map(([expected, predicted]) => ({ expected, predicted }));

describe('taskKind', () => {
  it('calls data classification when distinct completions are fewer than a third of the rows', () => {
    expect(taskKind([' a', ' b', ' a', ' b', ' a', ' b', ' a'])).toBe('classification');
    // 2 distinct of 6 rows is not < 6 / 3.
    expect(taskKind([' a', ' b', ' a', ' b', ' a', ' b'])).toBe('generation');
    expect(taskKind([])).toBe('generation');
  });
});

describe('scoreClassification', () => {
  it('computes accuracy, per-class precision/recall/F1 and the confusion matrix', () => {
    const report = scoreClassification(
      pairs([
        [' cat', ' cat'],
        [' cat', ' cat'],
        [' cat', ' dog'],
        [' dog', ' dog'],
        [' dog', ' cat'],
        [' bird', 'bird\n'],
      ]),
    );
    expect(report.accuracy).toBeCloseTo(4 / 6);
    expect(report.labels).toEqual(['cat', 'dog', 'bird']);
    expect(report.matrix).toEqual([
      [2, 1, 0],
      [1, 1, 0],
      [0, 0, 1],
    ]);
    const cat = report.perClass[0];
    expect(cat?.precision).toBeCloseTo(2 / 3);
    expect(cat?.recall).toBeCloseTo(2 / 3);
    expect(report.perClass[1]?.f1).toBeCloseTo(0.5);
    expect(report.perClass[2]).toMatchObject({ precision: 1, recall: 1, f1: 1, support: 1 });
    expect(report.macroF1).toBeCloseTo((2 / 3 + 0.5 + 1) / 3);
  });

  it('puts answers outside the labels in an (other) column and gives a never-predicted class zero precision', () => {
    const report = scoreClassification(
      pairs([
        [' yes', ' maybe'],
        [' no', ' no'],
        [' yes', ' no'],
      ]),
    );
    expect(report.columns).toEqual(['yes', 'no', OTHER_LABEL]);
    expect(report.matrix).toEqual([
      [0, 1, 1],
      [0, 1, 0],
    ]);
    expect(report.perClass[0]).toMatchObject({ precision: 0, recall: 0, f1: 0 });
    expect(report.perClass[1]?.precision).toBeCloseTo(0.5);
  });
});

describe('generation scores', () => {
  it('token F1 counts repeated tokens once per occurrence and ignores case', () => {
    expect(tokenF1('the cat sat', 'The cat')).toBeCloseTo(0.8);
    expect(tokenF1('a a b', 'a a a')).toBeCloseTo(2 / 3);
    expect(tokenF1('Hello, world!', 'hello world')).toBe(1);
    expect(tokenF1('', '')).toBe(1);
    expect(tokenF1('x', '')).toBe(0);
  });

  it('averages exact match and token F1 over examples', () => {
    const report = scoreGeneration(
      pairs([
        [' hello world', 'hello world\n'],
        [' a b', ' c d'],
      ]),
    );
    expect(report.exactMatch).toBe(0.5);
    expect(report.tokenF1).toBeCloseTo(0.5);
  });
});

describe('renderEvalReport', () => {
  it('shows a column per model and each confusion matrix', () => {
    const tuned = scoreClassification(
      pairs([
        [' a', ' a'],
        [' b', ' b'],
      ]),
    );
    const base = scoreClassification(
      pairs([
        [' a', ' b'],
        [' b', ' b'],
      ]),
    );
    const text = renderEvalReport([
      { model: 'ft:m', report: tuned },
      { model: 'base', report: base },
    ]);
    expect(text).toMatch(/accuracy\s+100\.0%\s+50\.0%/);
    expect(text).toMatch(
      /^class\s+precision\s+recall\s+F1\s+base precision\s+base recall\s+base F1\s+support$/m,
    );
    // "a": tuned 1/1/1; base never answers a (precision 0 by convention), recall 0.
    expect(text).toMatch(/^"a"\s+1\.000\s+1\.000\s+1\.000\s+0\.000\s+0\.000\s+0\.000\s+1$/m);
    expect(text).toContain('confusion matrix: ft:m');
    expect(text).toContain('confusion matrix: base');
  });
});
