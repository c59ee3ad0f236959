import { describe, expect, it } from 'vitest';
import { resolveAdded, resolveColumns, type ColumnMap } from '../../../src/core/prepare/columns.js';
import { seeded } from '../../reliability/corpus.js';

const NAMES = ['prompt', 'Prompt', 'PROMPT', 'completion', 'Completion', 'text', 'label', 'x', 'İ'];

describe('the prompt and completion columns, resolved one column at a time', () => {
  it('match resolving the whole list again after every column, for any order, case and mapping', () => {
    const random = seeded(16);
    const maps: ColumnMap[] = [
      {},
      { prompt: 'text' },
      { completion: 'label' },
      { prompt: 'x', completion: 'Prompt' },
    ];
    for (let round = 0; round < 400; round++) {
      const map = maps[round % maps.length] as ColumnMap;
      const columns: string[] = [];
      let resolved = resolveColumns(columns, map);
      for (let k = 0; k < 8; k++) {
        const name = NAMES[Math.floor(random() * NAMES.length)] as string;
        if (columns.includes(name)) continue;
        columns.push(name);
        resolved = resolveAdded(resolved, name, map);
        expect(resolved, `${JSON.stringify(columns)} ${JSON.stringify(map)}`).toEqual(
          resolveColumns(columns, map),
        );
      }
    }
  });

  it('keeps the same object when the new column changes nothing, so callers can compare cheaply', () => {
    const before = resolveColumns(['prompt', 'completion'], {});
    expect(resolveAdded(before, 'Prompt', {})).toBe(before);
    expect(resolveAdded(resolveColumns(['Prompt'], {}), 'prompt', {})).toEqual({
      prompt: 'prompt',
      completion: null,
    });
  });
});
