import { describe, expect, it } from 'vitest';
import { wrapIndented, wrapLines } from '../../src/core/wrap.js';

describe('wrapLines', () => {
  it('wraps at word boundaries, keeps line breaks, and cuts words longer than the width', () => {
    expect(wrapLines('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wrapLines('a\n\nb', 10)).toEqual(['a', '', 'b']);
    expect(wrapLines('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrapLines(' abcdefgh', 5)).toEqual([' abcd', 'efgh']);
  });

  it('never starts a wrapped line with a space, even where two spaces met the break', () => {
    expect(wrapLines('one two  three four', 8)).toEqual(['one two', 'three', 'four']);
    expect(wrapLines('one two  three four', 9)).toEqual(['one two', 'three', 'four']);
    expect(wrapIndented('aaaa bbbb cccc  dddd eeee', 22, '  ')).toBe('  aaaa bbbb cccc\n  dddd eeee');
    // A first line keeps its indentation.
    expect(wrapLines('  indented text', 20)).toEqual(['  indented text']);
  });
});
