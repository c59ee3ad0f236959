import { describe, expect, it } from 'vitest';
import { KeyIds } from '../../../src/core/quality/key-ids.js';
import { trimmedKey } from '../../../src/core/quality/words.js';

describe('KeyIds', () => {
  it('numbers keys as a Map numbering them by first sight would, through every growth', () => {
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    // Real label keys (53-bit hashes of texts), a third of them repeats, and keys that differ in one part.
    const texts = Array.from(
      { length: 30_000 },
      (_, i) => `answer ${random(20_000)} ${i % 3 === 0 ? 'x' : ''}`,
    );
    const keys = texts.map((t) => trimmedKey(t, 0, t.length));
    keys.push(0, 0x200000, 1, 0x1fffff * 0x200000);
    const table = new KeyIds();
    const expected = new Map<number, number>();
    const got = keys.map((k) => table.idOf(k));
    const want = keys.map((k) => {
      if (!expected.has(k)) expected.set(k, expected.size);
      return expected.get(k) as number;
    });
    expect(got).toEqual(want);
    expect(table.size).toBe(expected.size);
    expect(expected.size).toBeLessThan(keys.length);
  });
});
