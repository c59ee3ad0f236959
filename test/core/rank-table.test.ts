import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { getEncoder, loadRankTable, splitPattern, type EncodingName } from '../../src/core/encodings.js';
import { buildRankTable, createTableCounter, isRankTable } from '../../src/core/rank-table.js';
import { TokenCountPool } from '../../src/core/token-pool.js';

const require = createRequire(import.meta.url);
const ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
const plainText = { disallowedSpecial: new Set<string>() };

/** gpt-tokenizer's own count, the oracle the rank table must agree with (test-only). */
function libraryCount(name: EncodingName, text: string): number {
  const mod = require(`gpt-tokenizer/encoding/${name}`) as {
    countTokens: (text: string, options: typeof plainText) => number;
  };
  return mod.countTokens(text, plainText);
}

/** Every string value of the training fixtures: real prompts, completions and chat messages. */
function fixtureTexts(): string[] {
  const dir = fileURLToPath(new URL('../fixtures/train/', import.meta.url));
  const texts: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') texts.push(value);
    else if (Array.isArray(value)) value.forEach(walk);
    else if (value !== null && typeof value === 'object') Object.values(value).forEach(walk);
  };
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.jsonl'))) {
    for (const line of readFileSync(join(dir, name), 'utf8').split('\n'))
      if (line.trim()) walk(JSON.parse(line));
  }
  return texts;
}

const TRICKY = [
  'tiktoken is great!',
  "I'm sure they'll say we've DONE it, isn't it?",
  'Grüße, 世界! 🙂 naïve café — ½ × 10³',
  '日本語のテキストを数えます。中文也一样。한국어도요.',
  'family: 👨‍👩‍👧‍👦, flags: 🇫🇷🇩🇪, skin: 👍🏽',
  'e\u0301 combining, \u200b zero width, \u00a0 no-break, \u3000 ideographic',
  'lone surrogates: \ud800 and \udfff and \udbff\udfff',
  '   leading spaces\n\n\ttabs\r\n  and trailing   ',
  '12345678901234567890 3.14159 1,000,000 0x1F',
  'before <|endoftext|> after <|im_start|>',
  '\u0000\u0001 control \u007f characters \ufffd',
  'https://example.com/a/b?c=d&e=f#g {"json": [1, 2, 3]}',
  'a'.repeat(900),
  '🙂'.repeat(300),
];

describe('token counts from the rank table', () => {
  it.each(ENCODINGS)('equal gpt-tokenizer on every text of the fixtures and on tricky text (%s)', (name) => {
    const texts = [...fixtureTexts(), ...TRICKY];
    expect(texts.length).toBeGreaterThan(500);
    const count = getEncoder(name).count;
    const wrong = texts.filter((text) => count(text) !== libraryCount(name, text));
    expect(wrong).toEqual([]);
  });

  it.each(ENCODINGS)('equal gpt-tokenizer on random Unicode, lone surrogates included (%s)', (name) => {
    const count = getEncoder(name).count;
    const words = fc.constantFrom(
      'the',
      ' cat',
      "'s",
      'naïve',
      '世界',
      '🙂',
      '123',
      '\n',
      '  ',
      '\t',
      'É',
      '\ud83d',
    );
    fc.assert(
      fc.property(
        fc.oneof(
          fc.string({ unit: 'binary', maxLength: 40 }),
          fc.string({ unit: 'grapheme', maxLength: 40 }),
          fc.array(words, { maxLength: 30 }).map((parts) => parts.join('')),
        ),
        (text) => count(text) === libraryCount(name, text),
      ),
      { numRuns: 400 },
    );
  });

  it('merge the lowest-ranked pair first, leftmost on a tie of positions, with byte tokens too', () => {
    // Ranks: a b c, then "bc" before "ab", then "abc"; 0xC3 0xA9 are the two bytes of "é".
    const table = buildRankTable(['a', 'b', 'c', 'bc', 'ab', 'abc', [0xc3], [0xa9], 'é', 'éé']);
    const count = createTableCounter(table, String.raw`\S+|\s+`, 'gu');
    expect(count('abc')).toBe(1); // found whole
    expect(count('ab')).toBe(1);
    expect(count('cab')).toBe(2); // c · ab
    expect(count('abcbc')).toBe(2); // a·bc·b·c → a·bc·bc → abc·bc: "bc" (rank 3) merges before "ab" (4)
    expect(count('bcab')).toBe(2); // bc · ab
    expect(count('abab')).toBe(2); // ab · ab
    expect(count('ééé')).toBe(2); // éé · é, through the byte tokens
    // Of two equal pairs the leftmost merges first: aa·a·b → aa·ab (rightmost would leave a·aa·b).
    expect(createTableCounter(buildRankTable(['a', 'b', 'aa', 'ab']), String.raw`\S+`, 'gu')('aaab')).toBe(2);
  });

  it('read from a table at any byte offset (a Buffer from disk may start anywhere in its pool)', () => {
    const table = buildRankTable(['a', 'b', 'ab']);
    const shifted = new Uint8Array(table.length + 1).subarray(1);
    shifted.set(table);
    expect(isRankTable(shifted)).toBe(true);
    expect(createTableCounter(shifted, String.raw`\S+`, 'gu')('abab a')).toBe(3);
  });

  it('count the same in the worker threads of a token pool', async () => {
    const texts = [...TRICKY, '', 'one more text'];
    for (const name of ENCODINGS) {
      const pool = new TokenCountPool(name, 1);
      const counts = await pool.count(texts).finally(() => pool.close());
      expect([...counts]).toEqual(texts.map((text) => getEncoder(name).count(text)));
    }
  });
});

describe('rank table files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ft-rank-table-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const named = (name: EncodingName) => readdirSync(dir).filter((file) => file.startsWith(`${name}-`));

  it('tell a whole table from one cut short, of another format or empty', () => {
    const table = buildRankTable(['a', 'b', 'ab']);
    expect(isRankTable(table)).toBe(true);
    expect(isRankTable(table.subarray(0, table.length - 1))).toBe(false);
    expect(isRankTable(new Uint8Array(0))).toBe(false);
    const otherFormat = table.slice();
    otherFormat[4] = 9;
    expect(isRankTable(otherFormat)).toBe(false);
  });

  it('are built once, kept in the folder, and read back by the next load', () => {
    const first = loadRankTable('cl100k_base', [dir]);
    expect(first.path).not.toBeNull();
    expect(named('cl100k_base')).toEqual([first.path?.split('/').pop()]);
    expect(readdirSync(dir).filter((file) => file.endsWith('.tmp'))).toEqual([]);
    // A table of three ranks under that name is what the next load gets: it reads, it does not rebuild.
    const tiny = buildRankTable(['a', 'b', 'ab']);
    writeFileSync(first.path ?? '', tiny);
    expect([...loadRankTable('cl100k_base', [dir]).bytes]).toEqual([...tiny]);
  });

  it('are rebuilt whole when the file was cut short', () => {
    const { path } = loadRankTable('o200k_base', [dir]);
    const whole = statSync(path ?? '').size;
    writeFileSync(path ?? '', readFileSync(path ?? '').subarray(0, 1000));
    const again = loadRankTable('o200k_base', [dir]);
    expect(statSync(path ?? '').size).toBe(whole);
    const { source, flags } = splitPattern('o200k_base');
    expect(createTableCounter(again.bytes, source, flags)('tiktoken is great!')).toBe(6);
  });

  it('go to the next folder when the first cannot be written, and stay in memory when none can', () => {
    const file = join(dir, 'a-file');
    writeFileSync(file, '');
    const blocked = join(file, 'cache');
    const second = join(dir, 'user-cache');
    const moved = loadRankTable('cl100k_base', [blocked, second]);
    expect(moved.path).toMatch(new RegExp(`^${second}/cl100k_base-gpt-tokenizer-[^/]+\\.bin$`));
    expect(readdirSync(second)).toHaveLength(1);
    // Read back from the second folder the next time (a tiny table there proves it is read, not rebuilt).
    writeFileSync(moved.path ?? '', buildRankTable(['a', 'b', 'ab']));
    expect(isRankTable(loadRankTable('cl100k_base', [blocked, second]).bytes)).toBe(true);
    expect(loadRankTable('cl100k_base', [blocked, second]).bytes.length).toBeLessThan(1000);
    const nowhere = loadRankTable('cl100k_base', [blocked, join(file, 'other')]);
    expect(nowhere.path).toBeNull();
    const { source, flags } = splitPattern('cl100k_base');
    expect(createTableCounter(nowhere.bytes, source, flags)('hello world')).toBe(2);
  });
});
