import { describe, expect, it } from 'vitest';
import {
  auprc,
  auroc,
  binaryMetrics,
  fBetaName,
  multiclassMetrics,
} from '../../src/core/classification-metrics.js';

// Reference values are scikit-learn's for the same inputs (roc_auc_score, average_precision_score).
describe('classification metrics of the legacy results file', () => {
  const scores = [0.1, 0.4, 0.35, 0.8];
  const positive = [false, false, true, true];

  it('computes AUROC and AUPRC, with ties and without one of the classes', () => {
    expect(auroc(scores, positive)).toBeCloseTo(0.75, 10);
    expect(auprc(scores, positive)).toBeCloseTo(0.8333333333, 8);
    expect(auroc([0.5, 0.5, 0.5], [true, false, true])).toBeCloseTo(0.5, 10);
    expect(auprc([0.5, 0.5], [true, false])).toBeCloseTo(0.5, 10);
    expect(auroc([0.2, 0.9], [true, true])).toBeUndefined();
    expect(auprc([0.2, 0.9], [false, false])).toBeUndefined();
  });

  it('thresholds the positive probability above 0.5 for accuracy, precision, recall and F-beta', () => {
    const metrics = binaryMetrics({
      scores: [...scores, 0.5],
      positive: [...positive, true],
      betas: [1, 0.5],
    });
    // 0.8 is the only positive prediction (0.5 is not above the threshold).
    expect(metrics.accuracy).toBeCloseTo(3 / 5, 10);
    expect(metrics.precision).toBe(1);
    expect(metrics.recall).toBeCloseTo(1 / 3, 10);
    expect(metrics['f1.0']).toBeCloseTo(0.5, 10);
    expect(metrics['f0.5']).toBeCloseTo((1.25 * (1 / 3)) / (0.25 + 1 / 3), 10);
    expect(fBetaName(2)).toBe('f2.0');
    expect(fBetaName(0.5)).toBe('f0.5');
  });

  it('weights each class F1 by its support for multiclass', () => {
    // class 0: F1 2/3 (support 2), class 1: F1 2/3 (support 1), class 2: F1 1 (support 1).
    expect(multiclassMetrics([0, 1, 1, 2], [0, 0, 1, 2])).toEqual({
      accuracy: 0.75,
      weighted_f1_score: expect.closeTo(0.75, 10) as number,
    });
    expect(multiclassMetrics([1, 1], [0, 0]).weighted_f1_score).toBe(0);
  });
});
