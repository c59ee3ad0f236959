import { fileURLToPath } from 'node:url';
import { beforeEach, describe, expect, it } from 'vitest';
import { CONTROL, ENDING_SIGN, NEWLINE, SEPARATOR_SIGN } from '../../../src/core/prepare/digest.js';
import type * as DigestModule from '../../../src/core/prepare/digest.js';

// What pass 1's one loop per text tells besides the hash: the letters counted, and the classes of the
// characters seen (`signature`), which the separator and ending trackers and the raw-control check read.

type Digest = typeof DigestModule;
let hashes: Digest;
let newCharTable: Digest['newCharTable'];
let digest: Digest['digest'];

// The character table is built once per module and kept: a fresh module for each test builds it again
// in that test, so each test sees the table this code builds, not one an earlier test left behind. A
// query makes a new instance of this one module (not `vi.resetModules()`, which would hand every later
// test file of this worker fresh copies of every module: the unit project shares one module graph).
const DIGEST_PATH = fileURLToPath(new URL('../../../src/core/prepare/digest.ts', import.meta.url));
let instance = 0;
beforeEach(async () => {
  const fresh = `${DIGEST_PATH}?instance=${++instance}`;
  hashes = (await import(/* @vite-ignore */ fresh)) as Digest;
  ({ newCharTable, digest } = hashes);
});

/** The digest of the units [start, end) of a text: hash lanes, letter counts, signature. */
function of(text: string, start = 0, end = text.length, table = newCharTable(), seed = 0) {
  const counts: [number, number] = [0, 0];
  const first = digest(text, start, end, seed, counts, table);
  return { lanes: `${first}:${hashes.lane2}`, counts, signature: hashes.signature };
}

describe('the character table', () => {
  it('counts ASCII letters exactly from A to Z and a to z, and nothing around them', () => {
    expect(of('@AZ[').counts).toEqual([2, 0]);
    expect(of('`az{').counts).toEqual([0, 2]);
    expect(of('09 _~').counts).toEqual([0, 0]);
    expect(of('ÀÞàþ').counts).toEqual([2, 2]);
    // Above the surrogates: the fullwidth letters.
    expect(of('\uff21\uff5a').counts).toEqual([1, 1]);
    expect(of('ǅ').counts).toEqual([0, 0]);
  });

  it('marks the controls U+0000 to U+001F, the newline too, and nothing from the space on', () => {
    for (const c of ['\u0000', '\t', '\r', '\u001f']) {
      expect(of(`a${c}`).signature & CONTROL, JSON.stringify(c)).toBe(CONTROL);
      expect(of(`a${c}`).signature & NEWLINE, JSON.stringify(c)).toBe(0);
    }
    expect(of('a\n').signature & (NEWLINE | CONTROL)).toBe(NEWLINE | CONTROL);
    expect(of(' ~\u007f\u0080Az').signature & (NEWLINE | CONTROL)).toBe(0);
  });

  it('is a fresh table each time: the bits one analysis sets stay out of the next', () => {
    const first = newCharTable();
    first[62] = (first[62] ?? 0) | SEPARATOR_SIGN;
    expect(of('a>', 0, 2, first).signature & SEPARATOR_SIGN).toBe(SEPARATOR_SIGN);
    expect(of('a>').signature & SEPARATOR_SIGN).toBe(0);
  });

  it('ORs the classes of every unit, either unit of a pair and the odd last one', () => {
    const table = newCharTable();
    table[35] = (table[35] ?? 0) | ENDING_SIGN; // '#'
    for (const text of ['#bcd', 'a#cd', 'abcd#', 'ab#']) {
      expect(of(text, 0, text.length, table).signature & ENDING_SIGN, text).toBe(ENDING_SIGN);
    }
    expect(of('abcd', 0, 4, table).signature & ENDING_SIGN).toBe(0);
    // Only the range counts: a sign just outside it is not seen.
    expect(of('#abc#', 1, 4, table).signature & ENDING_SIGN).toBe(0);
    expect(of('', 0, 0, table).signature).toBe(0);
  });
});

describe('letters outside the Basic Multilingual Plane', () => {
  it('counts a pair only when both its units are inside the range', () => {
    // U+1D400 (bold capital A) is D835 DC00; U+1D41A (bold small a) is D835 DC1A.
    const text = 'X\u{1D400}\u{1D41A}';
    expect(of(text).counts).toEqual([2, 1]);
    expect(of(text, 0, 2).counts).toEqual([1, 0]);
    expect(of(text, 0, 4).counts).toEqual([2, 0]);
    expect(of(text, 1, 5).counts).toEqual([1, 1]);
    expect(of(text, 2, 5).counts).toEqual([0, 1]);
  });

  it('counts neither a lone surrogate nor a pair that is no letter', () => {
    expect(of('\ud835').counts).toEqual([0, 0]);
    expect(of('a\udc00\ud835').counts).toEqual([0, 1]);
    expect(of('\u{1F600}\u{1F600}').counts).toEqual([0, 0]);
  });
});

describe('the hash', () => {
  it('depends on the seed, on every unit and on the length, in both lanes', () => {
    const base = of('hello world');
    expect(of('hello world', 0, 11, newCharTable(), 7).lanes).not.toBe(base.lanes);
    const lanes = (t: string) => base.lanes.split(':').map((l, i) => l !== of(t).lanes.split(':')[i]);
    for (const other of ['hello worle', 'jello world', 'hello world ', 'hello worl', 'hello\u0000world']) {
      expect(lanes(other), other).toEqual([true, true]);
    }
  });

  it('adds the letters to the counts it is given, across calls', () => {
    const counts: [number, number] = [5, 7];
    const table = newCharTable();
    digest('Ab', 0, 2, 0, counts, table);
    digest('cD e', 0, 4, 0, counts, table);
    expect(counts).toEqual([7, 10]);
  });
});
