import { describe, expect, it } from 'vitest';
import { wrapLines } from '../../src/app/components/wrap.js';

describe('wrapLines', () => {
  it('wraps at word boundaries, keeps line breaks, and cuts words longer than the width', () => {
    expect(wrapLines('the quick brown fox', 10)).toEqual(['the quick', 'brown fox']);
    expect(wrapLines('a\n\nb', 10)).toEqual(['a', '', 'b']);
    expect(wrapLines('abcdefghijkl', 5)).toEqual(['abcde', 'fghij', 'kl']);
    expect(wrapLines(' abcdefgh', 5)).toEqual([' abcd', 'efgh']);
  });
});
