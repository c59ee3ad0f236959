import { describe, expect, it } from 'vitest';
import { withThousands, withThousandsFixed2 } from '../../src/core/numbers.js';

/** Seeded values over many magnitudes, both signs, and halves that round differently in binary. */
function values(count: number, integers: boolean): number[] {
  let seed = 42;
  const random = (): number => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const out = [
    0,
    -0,
    1,
    999,
    1000,
    -1234567,
    Number.MAX_SAFE_INTEGER,
    0.005,
    0.015,
    1.005,
    2.675,
    999.995,
    -0.005,
  ];
  for (let i = 0; i < count; i++) {
    const magnitude = 10 ** Math.floor(random() * 13);
    const x = random() * magnitude * (random() < 0.2 ? -1 : 1);
    out.push(integers ? Math.round(x) : random() < 0.5 ? x : Math.round(x * 1000) / 1000 + 0.005);
  }
  return integers ? out.filter(Number.isInteger) : out;
}

describe('numbers written as en-US writes them', () => {
  // `n.toLocaleString(locale, options)` is, by ECMA-402, `new Intl.NumberFormat(locale, options).format(n)`;
  // one formatter per test answers the same without building a new one per number (about 0.5 ms each).
  it('groups thousands of integers exactly like toLocaleString', () => {
    const format = new Intl.NumberFormat('en-US');
    expect(format.format(1234567.5)).toBe((1234567.5).toLocaleString('en-US'));
    // One assertion over every value (an `expect` per value costs more than the formatting).
    const wrong = values(5000, true).filter((n) => withThousands(n) !== format.format(n));
    expect(wrong.map((n) => [n, withThousands(n), format.format(n)])).toEqual([]);
  });

  it('rounds to two decimals exactly like toLocaleString', () => {
    const options = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    const format = new Intl.NumberFormat('en-US', options);
    expect(format.format(2.675)).toBe((2.675).toLocaleString('en-US', options));
    const wrong = values(20000, false).filter((n) => withThousandsFixed2(n) !== format.format(n));
    expect(wrong.map((n) => [n, withThousandsFixed2(n), format.format(n)])).toEqual([]);
  });
});
