import { readFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Analysis } from '../../../src/core/prepare/types.js';
import { rowNeighbours, writePrepared } from '../../../src/core/prepare/index.js';
import { analyzeRows } from '../prepare/helpers.js';

// What the wizard's quality review reads (the texts, the nearest rows of each label) and writes (the
// labels chosen row by row).
const ROWS = [
  { prompt: 'my invoice shows a double charge', completion: 'billing' },
  { prompt: 'the printer will not print', completion: 'hardware' },
  { prompt: 'charged twice on my invoice', completion: 'billing' },
  { prompt: 'my invoice shows a double charge again', completion: 'hardware' },
  { prompt: 'refund the double charge on my card', completion: 'billing' },
  { prompt: 'printer shows a paper jam', completion: 'hardware' },
];

describe('the quality review rows', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyzeRows(ROWS);
  });
  it('reads a row and its nearest rows of each label, closest first, never itself', async () => {
    const result = await rowNeighbours(analysis, {
      positions: [4],
      nearest: { position: 4, labels: ['hardware', 'billing'], perLabel: 2 },
    });
    expect(result.texts).toEqual([{ position: 4, prompt: ROWS[3]?.prompt, completion: 'hardware' }]);
    const [hardware, billing] = result.nearest;
    expect(hardware?.rows.map((r) => r.position)).toEqual([6, 2]);
    expect(billing?.rows.map((r) => r.position)).toEqual([1, 5]);
    // "my invoice shows a double charge" shares 6 of the 7 words of row 4.
    expect(billing?.rows[0]?.similarity).toBeCloseTo(6 / 7, 5);
  });

  it('writes the labels chosen row by row, and no other row changes', async () => {
    const out = await writePrepared(
      analysis,
      { accepted: new Set(), split: false, relabel: new Map([[4, 'billing']]) },
      { force: true },
    );
    const written = (await readFile(out.outputs[0]?.path ?? '', 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; completion: string });
    expect(written.map((r) => r.completion.trim())).toEqual(
      ROWS.map((r, i) => (i === 3 ? 'billing' : r.completion)),
    );
  });
});

describe('the quality checks’ progress', () => {
  it('tells each step in order, never going back, and ends at 1', async () => {
    const { QualityCollector } = await import('../../../src/core/quality/collector.js');
    const { runQualityChecks } = await import('../../../src/core/quality/checks.js');
    const { topicCorpus } = await import('./topic-corpus.js');
    const collector = new QualityCollector();
    topicCorpus({ rows: 400, classes: 4, noise: 0.05, seed: 9 }).examples.forEach((e, i) =>
      collector.add(i + 1, e.prompt, 0, e.prompt.length, e.completion, 0, e.completion.length),
    );
    const seen: Array<{ step: string; fraction: number }> = [];
    runQualityChecks({
      data: collector.result(),
      classification: true,
      openEnded: false,
      duplicates: [],
      onProgress: (p) => seen.push({ ...p }),
    });
    expect([...new Set(seen.map((p) => p.step))]).toEqual([
      'near-duplicate prompts',
      'likely mislabels',
      'done',
    ]);
    // Five folds, each told once.
    expect(seen.filter((p) => p.step === 'likely mislabels')).toHaveLength(5);
    for (let i = 1; i < seen.length; i++)
      expect(seen[i]?.fraction).toBeGreaterThanOrEqual(seen[i - 1]?.fraction ?? 0);
    expect(seen.at(-1)?.fraction).toBe(1);
  });
});
