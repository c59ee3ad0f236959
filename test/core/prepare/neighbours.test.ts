import { beforeAll, describe, expect, it } from 'vitest';
import { rowNeighbours, type Analysis } from '../../../src/core/prepare/index.js';
import { analyzeRows } from './helpers.js';

// What the quality review reads for a row (`rowNeighbours`): the texts asked for, in the order asked,
// only of rows the writer keeps; and a row's nearest rows of each label by the words they share.
const ROWS: readonly unknown[] = [
  { prompt: 'alpha beta gamma', completion: 'red' }, // 1
  { prompt: { not: 'text' }, completion: 'red' }, // 2: removed (a prompt that is not text)
  { prompt: 'alpha beta delta', completion: ' blue' }, // 3
  { prompt: '???', completion: 'red' }, // 4: no words
  { prompt: '!!!', completion: 'blue' }, // 5: no words
  { prompt: 'alpha beta gamma delta', completion: '' }, // 6: removed (an empty completion)
  { prompt: 'alpha', completion: 'red' }, // 7
  { prompt: 'alpha zeta', completion: 'green' }, // 8
  { prompt: 'alpha eta', completion: 'green' }, // 9
  { prompt: 'gamma delta', completion: ' blue' }, // 10
];

const text = (position: number) => {
  const row = ROWS[position - 1] as { prompt: string; completion: string };
  return { position, prompt: row.prompt, completion: row.completion };
};

describe('the texts of rows (prompt/completion data)', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyzeRows(ROWS);
  });

  it('gives the rows asked for in the order asked, leaving out removed rows and rows not in the file', async () => {
    const result = await rowNeighbours(analysis, { positions: [8, 6, 1, 2, 99, 3] });
    expect(result).toEqual({ texts: [text(8), text(1), text(3)], nearest: [] });
  });

  it('finds the nearest rows of each label asked for, closest first, never the row itself nor a removed row', async () => {
    const result = await rowNeighbours(analysis, {
      positions: [],
      nearest: { position: 1, labels: ['red', ' blue ', 'purple'], perLabel: 2 },
    });
    // The row under review is read even when its text is not asked for.
    expect(result.texts).toEqual([]);
    expect(result.nearest.map((n) => n.label)).toEqual(['red', ' blue ', 'purple']);
    const [red, blue, purple] = result.nearest;
    // {alpha, beta, gamma} against {alpha}: 1 of 3 words; against no words at all: 0. Row 2 (removed)
    // would carry row 1's texts.
    expect(red?.rows).toEqual([
      { ...text(7), similarity: 1 / 3 },
      { ...text(4), similarity: 0 },
    ]);
    // Labels compare trimmed, on both sides: " blue " finds " blue" and "blue". Row 3 shares 2 of 4
    // words, row 10 1 of 4 (gamma), row 5 none: the two closest stay.
    expect(blue?.rows).toEqual([
      { ...text(3), similarity: 2 / 4 },
      { ...text(10), similarity: 1 / 4 },
    ]);
    expect(purple?.rows).toEqual([]);
  });

  it('keeps as many as asked per label, and the first in file order of rows as close', async () => {
    const result = await rowNeighbours(analysis, {
      positions: [7],
      nearest: { position: 7, labels: ['green', 'red'], perLabel: 1 },
    });
    expect(result.texts).toEqual([text(7)]);
    // "alpha zeta" and "alpha eta" both share 1 of 2 words with "alpha".
    expect(result.nearest[0]?.rows).toEqual([{ ...text(8), similarity: 1 / 2 }]);
    // Among the red rows, "alpha beta gamma" (1 of 3) beats "???" (0).
    expect(result.nearest[1]?.rows).toEqual([{ ...text(1), similarity: 1 / 3 }]);
  });

  it('takes two prompts without words for alike, and one without words for unlike any other', async () => {
    const result = await rowNeighbours(analysis, {
      positions: [],
      nearest: { position: 4, labels: ['blue'], perLabel: 3 },
    });
    expect(result.nearest[0]?.rows.map((r) => [r.position, r.similarity])).toEqual([
      [5, 1],
      [3, 0],
      [10, 0],
    ]);
  });

  it('gives empty lists when no neighbour is asked for per label', async () => {
    const result = await rowNeighbours(analysis, {
      positions: [],
      nearest: { position: 1, labels: ['red', 'blue'], perLabel: 0 },
    });
    expect(result.nearest).toEqual([
      { label: 'red', rows: [] },
      { label: 'blue', rows: [] },
    ]);
  });

  it('gives no neighbours for a row that is removed or not in the file', async () => {
    for (const position of [6, 99]) {
      const result = await rowNeighbours(analysis, {
        positions: [1],
        nearest: { position, labels: ['red'], perLabel: 2 },
      });
      expect(result).toEqual({ texts: [text(1)], nearest: [] });
    }
  });

  it('stops when the review is left (the signal aborts)', async () => {
    const signal = AbortSignal.abort();
    await expect(rowNeighbours(analysis, { positions: [1], signal })).rejects.toThrow();
    await expect(
      rowNeighbours(analysis, {
        positions: [],
        nearest: { position: 1, labels: ['red'], perLabel: 1 },
        signal,
      }),
    ).rejects.toThrow();
  });
});

describe('the texts of rows (chat data)', () => {
  const chat = (user: string, answer: string | null): unknown => ({
    messages: [
      { role: 'system', content: 'be brief' },
      { role: 'user', content: user },
      ...(answer === null ? [] : [{ role: 'assistant', content: answer }]),
    ],
  });
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyzeRows([chat('hi', 'hello'), chat('no answer', null), chat('bye', 'see you')]);
  });

  it('gives the conversation before the last answer and that answer, in the order asked, and no neighbours', async () => {
    const result = await rowNeighbours(analysis, {
      positions: [3, 2, 1],
      nearest: { position: 1, labels: ['hello'], perLabel: 2 },
    });
    expect(result).toEqual({
      texts: [
        { position: 3, prompt: 'user: bye\nsystem: be brief', completion: 'see you' },
        { position: 1, prompt: 'user: hi\nsystem: be brief', completion: 'hello' },
      ],
      nearest: [],
    });
    // Only the rows asked for are read.
    expect((await rowNeighbours(analysis, { positions: [3] })).texts.map((t) => t.position)).toEqual([3]);
  });

  it('stops when the review is left (the signal aborts)', async () => {
    await expect(rowNeighbours(analysis, { positions: [1], signal: AbortSignal.abort() })).rejects.toThrow();
  });
});

describe('the texts of rows of an analysis that stopped', () => {
  it('gives nothing when there is no plan to read the file by, even from rows it could read', async () => {
    const empty = await analyzeRows([]);
    // Every prompt alike stops the analysis, though each row can be read.
    const alike = await analyzeRows([
      { prompt: 'same', completion: 'a' },
      { prompt: 'same', completion: 'b' },
      { prompt: 'same', completion: 'a' },
    ]);
    for (const analysis of [empty, alike]) {
      expect(analysis.plan).toBeNull();
      expect(
        await rowNeighbours(analysis, {
          positions: [1, 2],
          nearest: { position: 1, labels: ['a', 'b'], perLabel: 1 },
        }),
      ).toEqual({ texts: [], nearest: [] });
    }
  });
});
