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
  it('groups thousands of integers exactly like toLocaleString', () => {
    for (const n of values(5000, true)) expect(withThousands(n), String(n)).toBe(n.toLocaleString('en-US'));
  });

  it('rounds to two decimals exactly like toLocaleString', () => {
    const options = { minimumFractionDigits: 2, maximumFractionDigits: 2 };
    for (const n of values(20000, false)) {
      expect(withThousandsFixed2(n), String(n)).toBe(n.toLocaleString('en-US', options));
    }
  });
});
