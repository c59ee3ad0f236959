import { describe, expect, it } from 'vitest';
import { HashSet64, mulberry32, PositionList } from '../../../src/core/prepare/hash.js';
import { ENDING_OPTIONS, SEPARATOR_OPTIONS } from '../../../src/core/prepare/options.js';
import { RowStats, TOKEN_SAMPLE } from '../../../src/core/prepare/stats.js';

// Pass 1's statistics, fed row by row as the analysis does: what the checks read from them (counts,
// positions, the rows kept for previews and for the token estimate, the class counts). Each RowStats is
// built inside its test.

const positions = (list: PositionList) => list.first();

describe('the statistics of pass 1', () => {
  it('finds later copies of a prompt and completion pair, not of either alone', () => {
    const s = new RowStats();
    s.add(1, 'a', ' x');
    s.add(2, 'a', ' y');
    s.add(3, 'b', ' x');
    s.add(4, 'a', ' x');
    s.add(5, 'a', ' x');
    s.add(6, 'ax', '');
    s.add(7, 'a', 'x');
    expect(positions(s.duplicates)).toEqual([4, 5]);
    expect(s.previews.duplicates.map((r) => [r.position, r.prompt, r.completion])).toEqual([
      [4, 'a', ' x'],
      [5, 'a', ' x'],
    ]);
    expect(s.rows).toBe(7);
  });

  it('keeps five rows at most for each preview, and the first five rows', () => {
    const s = new RowStats();
    for (let i = 1; i <= 8; i++) s.add(i, `p${i}`, `c${i}`);
    for (let i = 9; i <= 16; i++) s.add(i, 'same', ' same');
    expect(s.head.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(positions(s.noLeadingSpace)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(s.previews.space.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(s.previews.space[0]).toEqual({ position: 1, prompt: 'p1', completion: 'c1' });
    expect(positions(s.duplicates)).toEqual([10, 11, 12, 13, 14, 15, 16]);
    expect(s.previews.duplicates.map((r) => r.position)).toEqual([10, 11, 12, 13, 14]);
  });

  it('counts an empty completion as lacking its leading space', () => {
    const s = new RowStats();
    s.add(1, 'a', '');
    s.add(2, 'b', ' y');
    s.add(3, 'c', '\ty');
    expect(positions(s.noLeadingSpace)).toEqual([1, 3]);
  });

  it('finds the examples over 10,000 code points, prompt and completion together', () => {
    const s = new RowStats();
    const emoji = '\u{1F600}';
    s.add(1, 'w'.repeat(5_000), 'w'.repeat(5_000));
    s.add(2, 'w'.repeat(5_000), 'w'.repeat(5_001));
    // 10,002 UTF-16 units but 5,001 code points.
    s.add(3, emoji.repeat(2_500), emoji.repeat(2_501));
    expect(positions(s.long)).toEqual([2]);
    expect(s.previews.long.map((r) => [r.position, r.prompt.length, r.completion.length])).toEqual([
      [2, 5_000, 5_001],
    ]);
  });

  it('tells whether every prompt is empty', () => {
    const s = new RowStats();
    s.add(1, '', ' a');
    expect(s.allPromptsEmpty).toBe(true);
    s.add(2, 'x', ' b');
    s.add(3, '', ' c');
    expect(s.allPromptsEmpty).toBe(false);
  });

  it('counts the upper- and lowercase letters of prompts and completions apart', () => {
    const s = new RowStats();
    s.add(1, 'ABc', ' de');
    s.add(2, 'F', ' GHIj');
    expect(s.promptCase).toEqual([3, 1]);
    expect(s.completionCase).toEqual([3, 3]);
  });

  it('says which of the last row’s texts hold a control character', () => {
    const s = new RowStats();
    s.add(1, 'a\u0001', ' b');
    expect(s.controls).toBe(1);
    s.add(2, 'a', ' b\u001f');
    expect(s.controls).toBe(2);
    s.add(3, 'a\u0000', ' \u0007');
    expect(s.controls).toBe(3);
    s.add(4, 'a\n', ' b\t');
    expect(s.controls).toBe(3);
    s.add(5, 'a ', ' b');
    expect(s.controls).toBe(0);
  });

  it('crosses out the separators and endings the texts hold, " ->" too for a prompt with a newline', () => {
    const s = new RowStats();
    s.add(1, 'a\nb', ' x.');
    expect(s.separators.seen[0]).toBe(true);
    expect(s.separators.choose('fallback')).toBe(SEPARATOR_OPTIONS[1]);
    expect(s.endings.seen[ENDING_OPTIONS.indexOf('.')]).toBe(true);
    expect(s.endings.choose('fallback')).toBe('\n');
    s.add(2, 'c', ' y\nz');
    expect(s.endings.choose('fallback')).toBe(' END');
    const plain = new RowStats();
    plain.add(1, 'a b', ' x');
    expect(plain.separators.choose('fallback')).toBe(' ->');
  });

  it('counts the classes while there are at most two, then stops', () => {
    const s = new RowStats();
    s.add(1, 'a', ' yes');
    s.add(2, 'b', ' no');
    s.add(3, 'c', ' yes');
    expect([...(s.classes ?? new Map())]).toEqual([
      [' yes', 2],
      [' no', 1],
    ]);
    s.add(4, 'd', ' maybe');
    expect(s.classes).toBeNull();
    s.add(5, 'e', ' yes');
    expect(s.classes).toBeNull();
    expect(s.distinctCompletions).toBe(3);
  });

  it('remembers the number of distinct completions once the tables are dropped', () => {
    const s = new RowStats();
    s.add(1, 'a', ' x');
    s.add(2, 'b', ' y');
    s.add(3, 'c', ' x');
    s.release();
    expect(s.distinctCompletions).toBe(2);
    s.add(4, 'd', ' z');
    expect(s.distinctCompletions).toBe(2);
  });

  it('keeps every row for the token estimate up to the sample size, then a uniform sample of that size', () => {
    const s = new RowStats();
    s.expect(TOKEN_SAMPLE + 2000);
    for (let i = 1; i <= TOKEN_SAMPLE; i++) s.add(i, `p${i}`, ` c${i}`);
    expect(s.sample.map((r) => r.position)).toEqual(Array.from({ length: TOKEN_SAMPLE }, (_, i) => i + 1));
    for (let i = TOKEN_SAMPLE + 1; i <= TOKEN_SAMPLE + 2000; i++) s.add(i, `p${i}`, ` c${i}`);
    expect(s.sample).toHaveLength(TOKEN_SAMPLE);
    const late = s.sample.filter((r) => r.position > TOKEN_SAMPLE).length;
    // Half the rows came late: about half the sample, never none and never all.
    expect(late).toBeGreaterThan(TOKEN_SAMPLE * 0.4);
    expect(late).toBeLessThan(TOKEN_SAMPLE * 0.6);
    expect(s.sample.filter((r) => r.prompt !== `p${r.position}`)).toEqual([]);
  });

  it('reads a row given as ranges of longer texts as the same row given alone', () => {
    const s = new RowStats();
    const text = 'xx{"prompt":"hello ->","completion":" world"}';
    const p = text.indexOf('hello');
    const c = text.indexOf(' world');
    s.addRange(7, text, p, p + 8, text, c, c + 6);
    expect(s.head).toEqual([{ position: 7, prompt: 'hello ->', completion: ' world' }]);
    s.addRange(8, text, p, p + 8, text, c, c + 6);
    expect(positions(s.duplicates)).toEqual([8]);
    expect(s.prompts.prefix).toBe('hello ->');
  });
});

describe('a list of positions', () => {
  it('counts every position pushed but keeps only as many as it was asked to', () => {
    const list = new PositionList(3);
    for (let i = 1; i <= 5; i++) list.push(i * 10);
    expect(list.length).toBe(5);
    expect(list.first()).toEqual([10, 20, 30]);
    expect(list.at(2)).toBe(30);
    const all = new PositionList();
    for (let i = 0; i < 600; i++) all.push(i);
    expect(all.length).toBe(600);
    expect(all.first(2000)).toHaveLength(600);
    expect(all.first()).toHaveLength(600);
    expect(all.at(599)).toBe(599);
    expect(all.first(2)).toEqual([0, 1]);
  });
});

describe('the set of 64-bit hashes', () => {
  it('tells a new pair from one seen before, through growth and collisions', () => {
    const set = new HashSet64();
    // Pairs that share one half, and pairs that land in the same slot (hi ^ lo * k equal).
    expect(set.add(5, 7)).toBe(true);
    expect(set.add(5, 8)).toBe(true);
    expect(set.add(6, 7)).toBe(true);
    expect(set.add(5, 7)).toBe(false);
    // The slot mixes hi with lo times this constant (hash.ts): (1, 2) and this pair mix to the same
    // value, so they start at the same slot and the second goes on to the next one.
    const k = 0x85ebca6b;
    expect(set.add(1, 2)).toBe(true);
    expect(set.add((1 ^ Math.imul(2, k) ^ Math.imul(3, k)) >>> 0, 3)).toBe(true);
    expect(set.add(1, 2)).toBe(false);
    expect(set.add((1 ^ Math.imul(2, k) ^ Math.imul(3, k)) >>> 0, 3)).toBe(false);
    // 5,000 pairs: the set grows several times, and every pair is still found after it.
    const added = Array.from({ length: 5000 }, (_, i) => set.add((i + 10) * 7919, i + 10));
    expect(added.filter((a) => !a)).toEqual([]);
    expect(set.size).toBe(5005);
    const again = Array.from({ length: 5000 }, (_, i) => set.add((i + 10) * 7919, i + 10));
    expect(again.filter((a) => a)).toEqual([]);
    expect(set.size).toBe(5005);
  });

  it('tells apart pairs that share one half, (0, x) and (x, 0) included', () => {
    // Probing meets pairs with the same hi or the same lo all the time here: each must be compared whole.
    const sameHi = new HashSet64();
    const sameLo = new HashSet64();
    const fresh = (set: HashSet64, pairs: Array<[number, number]>) =>
      pairs.filter(([hi, lo]) => !set.add(hi, lo)).length;
    const n = 2000;
    expect(
      fresh(
        sameHi,
        Array.from({ length: n }, (_, i): [number, number] => [7, i + 1]),
      ),
    ).toBe(0);
    expect(
      fresh(
        sameLo,
        Array.from({ length: n }, (_, i): [number, number] => [i + 1, 7]),
      ),
    ).toBe(0);
    expect([sameHi.size, sameLo.size]).toEqual([n, n]);
    const zeros = new HashSet64();
    expect([zeros.add(0, 5), zeros.add(0, 6), zeros.add(5, 0), zeros.add(6, 0), zeros.add(0, 5)]).toEqual([
      true,
      true,
      true,
      true,
      false,
    ]);
    // Only (0, 0) is stored as another pair (0, 1); (5, 0) stays apart from (5, 1).
    expect(zeros.add(5, 1)).toBe(true);
    expect(zeros.size).toBe(5);
  });

  it('keeps the pair (0, 0) apart from an empty slot', () => {
    const set = new HashSet64();
    expect(set.add(0, 0)).toBe(true);
    expect(set.add(0, 0)).toBe(false);
    expect(set.size).toBe(1);
    const reserved = new HashSet64();
    reserved.reserve(100_000);
    expect(reserved.add(0, 0)).toBe(true);
    for (let i = 1; i < 3000; i++) reserved.add(i, i);
    expect(reserved.add(0, 0)).toBe(false);
    expect(reserved.size).toBe(3000);
  });
});

describe('the seeded random numbers', () => {
  it('give mulberry32’s sequence, the same for the same seed', () => {
    const a = mulberry32(7);
    const first = [a(), a(), a()];
    const b = mulberry32(7);
    expect([b(), b(), b()]).toEqual(first);
    for (const x of first) expect(x >= 0 && x < 1).toBe(true);
    expect(first[0]).not.toBe(first[1]);
    // mulberry32(1)'s first value, as the reference C code gives it.
    expect(mulberry32(1)()).toBeCloseTo(0.6270739405881613, 12);
  });
});
