import { describe, expect, it } from 'vitest';
import { hintLines } from '../../src/app/components/hint-bar.js';

const hints = [
  { key: 't', label: 'chat tester' },
  { key: 'e', label: 'evaluate' },
  { key: 'm', label: 'train more' },
  { key: 'x', label: 'score checkpoints' },
  { key: 'q', label: 'quit' },
];
const keys = (lines: ReturnType<typeof hintLines>) => lines.flat().map((h) => h.key);

describe('hintLines', () => {
  it('keeps every hint, in order, when they fit', () => {
    expect(keys(hintLines(hints, 80, 1))).toEqual(['t', 'e', 'm', 'x', 'q']);
  });

  it('keeps the way out (the last hint) when the line is too narrow, dropping the ones before it', () => {
    const lines = hintLines(hints, 52, 1);
    expect(keys(lines)).toEqual(['t', 'e', 'm', 'q']);
    expect(keys(hintLines(hints, 52, 2))).toEqual(['t', 'e', 'm', 'x', 'q']);
  });
});
