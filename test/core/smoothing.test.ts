import { describe, expect, it } from 'vitest';
import { smoothedPoints, smoothedValues } from '../../src/core/smoothing.js';
import { overlaySeries } from '../../src/rescue/run-history.js';

describe('smoothing the loss curves', () => {
  it('is the moving average with weight 0.7 on the past, starting from the first value', () => {
    const values = smoothedValues([1, 0, 0, 2]);
    expect(values.map((v) => Number(v.toFixed(4)))).toEqual([1, 0.7, 0.49, 0.943]);
    expect(smoothedValues([])).toEqual([]);
  });

  it('keeps every point and its other fields, in order', () => {
    const points = [
      { epoch: 0.5, value: 2 },
      { epoch: 1, value: 1 },
    ];
    expect(smoothedPoints(points)).toEqual([
      { epoch: 0.5, value: 2 },
      { epoch: 1, value: 1.7 },
    ]);
    expect(points[1]?.value).toBe(1);
  });

  it('keeps one spiking example from setting the scale of the compare chart', () => {
    const flat = Array.from({ length: 20 }, (_, i) => ({ epoch: i / 10, value: i === 10 ? 4.5 : 0.2 }));
    const [a, b] = overlaySeries(
      { train: flat, validation: [] },
      { train: flat.slice(0, 5), validation: [] },
    );
    const highest = Math.max(...(a?.points ?? []).map((p) => p.value));
    expect(highest).toBeCloseTo(0.2 + 0.3 * 4.3, 6);
    expect(b?.points).toHaveLength(5);
    expect(a?.label).toBe('A training loss');
  });
});
