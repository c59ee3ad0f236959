import { describe, expect, it } from 'vitest';
import { editDistance, nearMatches } from '../../src/core/near-matches.js';

const IDS = [
  'gpt-4o-mini-2024-07-18',
  'gpt-4o-2024-08-06',
  'gpt-4.1-nano-2025-04-14',
  'babbage-002',
  'davinci-002',
  'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc123',
];

describe('near matches for a mistyped model id', () => {
  it('counts a swap of neighbours as one edit', () => {
    expect(editDistance('babbgae', 'babbage')).toBe(1);
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('abc', 'abc')).toBe(0);
    expect(editDistance('a', 'abcdef', 2)).toBe(3);
  });

  it('finds the id one letter off, or the one the typed text begins', () => {
    expect(nearMatches('babage-002', IDS)).toEqual(['babbage-002']);
    expect(nearMatches('gpt-4o-mni', IDS)[0]).toBe('gpt-4o-mini-2024-07-18');
    expect(nearMatches('ft:gpt-4o-mini-2024-07-18:acme:tickets:abc124', IDS)).toEqual([
      'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc123',
    ]);
    expect(nearMatches('DAVINCI-002', IDS)).toEqual(['davinci-002']);
  });

  it('suggests nothing far off, and never the id itself', () => {
    expect(nearMatches('claude-3', IDS)).toEqual([]);
    expect(nearMatches('babbage-002', IDS)).not.toContain('babbage-002');
  });
});
