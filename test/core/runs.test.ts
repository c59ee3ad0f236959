import { describe, expect, it } from 'vitest';
import { bestReport, scoreClassification, scoreGeneration } from '../../src/core/eval-metrics.js';
import { epochOf, finalLosses, overlayChart, settingRows } from '../../src/core/runs.js';
import { trainedCost } from '../../src/core/cost.js';

const step = (s: number, train: number | null, valid: number | null = null, full: number | null = null) => ({
  step: s,
  trainLoss: train,
  validLoss: valid,
  fullValidLoss: full,
});

describe('run history', () => {
  it('takes the last training loss and the last full validation loss, a step trained again keeping its last numbers', () => {
    const steps = [step(1, 2, 2.1), step(2, 1.5, 1.6, 1.7), step(3, 1.2, 1.3), step(3, 1.1, 1.25)];
    expect(finalLosses(steps)).toEqual({ train: 1.1, validation: 1.7 });
    // Without an epoch-end evaluation, the last batch validation loss.
    expect(finalLosses([step(1, 2, 2.1), step(2, 1.5, 1.6)])).toEqual({ train: 1.5, validation: 1.6 });
    expect(finalLosses([])).toEqual({ train: null, validation: null });
  });

  it('places steps on the epoch axis', () => {
    expect(epochOf(10, 30, 3)).toBe(1);
    expect(epochOf(15, 30, 3)).toBe(1.5);
  });

  it('marks the settings that differ, and a setting only one run has', () => {
    const rows = settingRows({ base: 'a', epochs: '3' }, { base: 'a', epochs: '4', seed: '7' });
    expect(rows).toEqual([
      { name: 'base', a: 'a', b: 'a', differs: false },
      { name: 'epochs', a: '3', b: '4', differs: true },
      { name: 'seed', a: '-', b: '7', differs: true },
    ]);
  });

  it('overlays two curves with their own marks, epochs below', () => {
    const lines = overlayChart(
      [
        {
          label: 'A',
          points: [
            { epoch: 0.5, value: 2 },
            { epoch: 2, value: 1 },
          ],
        },
        {
          label: 'B',
          points: [
            { epoch: 1, value: 1.5 },
            { epoch: 4, value: 0.5 },
          ],
        },
      ],
      40,
      6,
    );
    expect(lines[0]).toMatch(/^\s+2\.000 ┤/);
    expect(lines[5]).toMatch(/^\s+0\.500 ┤/);
    expect(lines.slice(0, 6).join('')).toContain('•');
    expect(lines.at(-2)).toMatch(/0\s+epoch 4$/);
    expect(lines.at(-1)).toBe('█ A   • B');
  });

  it('costs trained tokens at the base price, nothing on the local provider, unknown without a price', () => {
    expect(trainedCost('local-small', 1000, { local: true })).toBe(0);
    expect(trainedCost('no-such-model', 1000)).toBeNull();
    expect(trainedCost('gpt-4o-mini-2024-07-18', 1_000_000)).toBeGreaterThan(0);
    expect(trainedCost('gpt-4o-mini-2024-07-18', null)).toBeNull();
  });
});

describe('the best of several evaluations', () => {
  const gen = (pairs: Array<[string, string]>) =>
    scoreGeneration(pairs.map(([expected, predicted]) => ({ expected, predicted })));
  it('is the argmax of the headline score, then of the second metric, the earliest on a full tie', () => {
    const cls = (right: number) =>
      scoreClassification(
        Array.from({ length: 4 }, (_, i) => ({ expected: 'a', predicted: i < right ? 'a' : 'b' })),
      );
    expect(bestReport([cls(1), cls(3), cls(2)])).toBe(1);
    expect(bestReport([cls(3), cls(3)])).toBe(0);
    // Same exact match (none), better token F1 second.
    expect(bestReport([gen([['red cat', 'blue dog']]), gen([['red cat', 'red dog']])])).toBe(1);
    expect(bestReport([])).toBe(-1);
  });
});
