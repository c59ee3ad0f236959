import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultEpochs, estimateCost, trainingTokenLimit } from '../../src/core/cost.js';
import { formatUsd } from '../../src/core/numbers.js';
import { loadPriceTable, priceOverridePath } from '../../src/core/price-override.js';
import { DEFAULT_PRICES, trainingPrice } from '../../src/core/prices.js';
import { UserError } from '../../src/core/errors.js';
import { TokenStatsAccumulator } from '../../src/core/token-stats.js';

describe('defaultEpochs', () => {
  it.each([
    [1, 25],
    [3, 25],
    [4, 25],
    [5, 20],
    [33, 3], // 3n = 99 < 100: floor(100 / 33) = 3
    [34, 3],
    [8333, 3], // 3n = 24,999
    [8334, 2], // 3n = 25,002 > 25,000: floor(25,000 / 8,334) = 2
    [12500, 2],
    [12501, 1],
    [100_000, 1],
  ])('gives %i examples %i epochs', (n, epochs) => {
    expect(defaultEpochs(n)).toBe(epochs);
  });
});

describe('trainingTokenLimit', () => {
  it('follows the published per-example limits', () => {
    expect(trainingTokenLimit('gpt-4o-mini-2024-07-18')).toBe(65_536);
    expect(trainingTokenLimit('ft:gpt-4.1-2025-04-14:acme::x')).toBe(65_536);
    expect(trainingTokenLimit('gpt-3.5-turbo-0125')).toBe(16_385);
    expect(trainingTokenLimit('gpt-3.5-turbo-1106')).toBe(16_385);
    expect(trainingTokenLimit('gpt-3.5-turbo-0613')).toBe(4_096);
    expect(trainingTokenLimit('anything', { local: true })).toBeLessThan(65_536);
  });
});

describe('estimateCost', () => {
  it('bills clipped tokens times epochs at the table price', () => {
    const est = estimateCost({ model: 'gpt-3.5-turbo-0613', exampleTokens: [100, 5000, 200], epochs: 2 });
    expect(est.trainingLimit).toBe(4096);
    expect(est.billedTokens).toBe((100 + 4096 + 200) * 2);
    expect(est.pricePerMillion).toBe(8);
    expect(est.usd).toBeCloseTo((8792 * 8) / 1e6, 10);
    expect(est.priceAsOf).toBe(DEFAULT_PRICES.asOf);
  });

  it('uses the auto epochs and prices fine-tunes as their base model', () => {
    const tokens = Array.from({ length: 20 }, () => 1000);
    const est = estimateCost({
      model: 'ft:gpt-4o-mini-2024-07-18:acme::abc',
      exampleTokens: tokens,
      epochs: 'auto',
    });
    expect(est.epochs).toBe(5);
    expect(est.billedTokens).toBe(100_000);
    expect(est.usd).toBeCloseTo(0.3, 10);
  });

  it('accepts token statistics and gives the same result as the per-example numbers', () => {
    const acc = new TokenStatsAccumulator();
    const tokens = [10, 70_000, 300, 65_536];
    tokens.forEach((t) => acc.add(t));
    const fromStats = estimateCost({ model: 'gpt-4.1', exampleTokens: acc.result({ limit: 65_536 }) });
    expect(fromStats).toEqual(estimateCost({ model: 'gpt-4.1', exampleTokens: tokens }));
    expect(fromStats.billedTokens).toBe((10 + 65_536 + 300 + 65_536) * 25);
  });

  it('has no price for an unknown model and no cost for a local one', () => {
    expect(estimateCost({ model: 'mystery-1', exampleTokens: [10] }).usd).toBeNull();
    expect(estimateCost({ model: 'mystery-1', exampleTokens: [10], local: true }).usd).toBe(0);
    expect(trainingPrice('gpt-4o-2024-08-06')).toBe(25);
    expect(trainingPrice('gpt-4.1-mini-2025-04-14')).toBe(5);
    expect(trainingPrice('gpt-4o-mini')).toBe(3);
  });
});

describe('price override', () => {
  const dir = mkdtempSync(join(tmpdir(), 'fine-tune-prices-'));

  it('merges a valid file named by FINE_TUNE_PRICES over the table', () => {
    const file = join(dir, 'ok.json');
    writeFileSync(
      file,
      JSON.stringify({ asOf: '2027-01-01', training: { 'gpt-4o-mini': 2.5, 'my-base': 1 } }),
    );
    const table = loadPriceTable({ FINE_TUNE_PRICES: file });
    expect(table.asOf).toBe('2027-01-01');
    expect(trainingPrice('gpt-4o-mini-2024-07-18', table)).toBe(2.5);
    expect(trainingPrice('my-base', table)).toBe(1);
    expect(trainingPrice('gpt-4o', table)).toBe(25);
    expect(
      estimateCost({ model: 'my-base', exampleTokens: [50_000, 50_000], epochs: 10, prices: table }).usd,
    ).toBe(1);
  });

  it('looks in the user config directory unless FINE_TUNE_PRICES names a file', () => {
    expect(priceOverridePath({}).path).toMatch(/fine-tune[\\/]prices\.json$/);
    expect(priceOverridePath({}).explicit).toBe(false);
    expect(priceOverridePath({ FINE_TUNE_PRICES: '/x/p.json' })).toEqual({
      path: '/x/p.json',
      explicit: true,
    });
  });

  it('names the file and the field of a bad override', () => {
    const file = join(dir, 'bad.json');
    writeFileSync(file, JSON.stringify({ training: { 'gpt-4o': 'cheap' } }));
    expect(() => loadPriceTable({ FINE_TUNE_PRICES: file })).toThrow(UserError);
    expect(() => loadPriceTable({ FINE_TUNE_PRICES: file })).toThrow(/bad\.json.*training\.gpt-4o/);
    const broken = join(dir, 'broken.json');
    writeFileSync(broken, '{ "training": ');
    expect(() => loadPriceTable({ FINE_TUNE_PRICES: broken })).toThrow(/broken\.json is not valid JSON/);
    expect(() => loadPriceTable({ FINE_TUNE_PRICES: join(dir, 'missing.json') })).toThrow(/missing\.json/);
  });
});

describe('formatUsd', () => {
  it('formats dollars for people', () => {
    expect(formatUsd(1234.5)).toBe('$1,234.50');
    expect(formatUsd(0.004)).toBe('<$0.01');
    expect(formatUsd(0)).toBe('$0.00');
    expect(formatUsd(null)).toBe('unknown');
  });
});
