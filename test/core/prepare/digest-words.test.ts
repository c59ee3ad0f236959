import { describe, expect, it } from 'vitest';
import * as hashes from '../../../src/core/prepare/digest.js';
import { mulberry32 } from '../../../src/core/prepare/hash.js';
import * as words from '../../../src/core/quality/words.js';

/** One character table for every call (nothing here writes into it). */
const table = hashes.newCharTable();

/** Everything `digest` and `wordsOf` give for text[start, end), each on its own. */
function apart(text: string, start: number, end: number): unknown {
  const counts: [number, number] = [0, 0];
  const first = hashes.digest(text, start, end, 7, counts, table);
  const digest = { first, lane2: hashes.lane2, signature: hashes.signature, counts };
  const out = new Uint16Array(words.MAX_WORDS);
  const m = words.wordsOf(text, start, end, out, 0);
  return { digest, words: [...out.subarray(0, m)], sequence: [words.sequenceHash, words.sequenceHash2] };
}

/** The same from `digestWords`' one loop. */
function together(text: string, start: number, end: number): unknown {
  const counts: [number, number] = [0, 0];
  const out = new Uint16Array(words.MAX_WORDS);
  const first = hashes.digestWords(text, start, end, 7, counts, table, out);
  const digest = { first, lane2: hashes.lane2, signature: hashes.signature, counts };
  const m = hashes.wordCount;
  return { digest, words: [...out.subarray(0, m)], sequence: [hashes.wordSequence, hashes.wordSequence2] };
}

describe('digestWords', () => {
  it('gives what digest and wordsOf give apart, at word ends on odd and even units', () => {
    const texts = [
      '',
      'a',
      ' ',
      'ab',
      'a ',
      ' a',
      'ab c',
      'ab cd',
      'Hello, World!',
      'x-y_z 42',
      'ÉTÉ été Straße',
      'tab\there\nnew\u0000line',
      'emoji 😀 and 𐐀𐐨 pairs',
      ' lead and trail. ',
      Array.from({ length: 60 }, (_, k) => `w${k}`).join(' '),
      `${'Qq'.repeat(2100)} ${'z'.repeat(4093)} end`,
    ];
    for (const text of texts) {
      expect(together(text, 0, text.length), JSON.stringify(text.slice(0, 40))).toEqual(
        apart(text, 0, text.length),
      );
    }
  });

  it('agrees on seeded random texts and on ranges of a longer text', () => {
    const random = mulberry32(19);
    const alphabet = 'aZ 9,é😀\t-' + '\u0000';
    for (let k = 0; k < 300; k++) {
      const length = Math.floor(random() * 120);
      let text = '';
      for (let i = 0; i < length; i++) text += alphabet[Math.floor(random() * alphabet.length)];
      const start = Math.floor(random() * (text.length + 1));
      const end = start + Math.floor(random() * (text.length - start + 1));
      expect(together(text, 0, text.length), JSON.stringify(text)).toEqual(apart(text, 0, text.length));
      expect(together(text, start, end), `${JSON.stringify(text)} [${start}, ${end})`).toEqual(
        apart(text, start, end),
      );
    }
  });
});
