import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { QualityCollector, type QualityRows } from '../../../src/core/quality/collector.js';
import { findSuspects } from '../../../src/core/quality/confident.js';
import { keepGroupsTogether, qualityEnabled } from '../../../src/core/quality/index.js';
import { outOfFoldProbabilities } from '../../../src/core/quality/naive-bayes.js';
import { nearDuplicateGroups } from '../../../src/core/quality/near-duplicates.js';
import { writePrepared } from '../../../src/core/prepare/index.js';
import { acceptedByFlags, parseFlags } from '../../../src/commands/prepare/flags.js';
import { analyzeRows, finding, ids } from '../prepare/helpers.js';
import { nearCopy, seeded, topicCorpus, type Example } from './topic-corpus.js';

function rowsOf(examples: readonly Example[]): QualityRows {
  const c = new QualityCollector();
  examples.forEach((e, i) =>
    c.add(i + 1, e.prompt, 0, e.prompt.length, e.completion, 0, e.completion.length),
  );
  return c.result();
}

/** Precision and recall of the flagged rows against the flips, with the rows each got wrong. */
function score(
  examples: readonly Example[],
  flips: ReadonlyMap<number, string>,
  variant: 'tuned' | 'baseline',
) {
  const data = rowsOf(examples);
  const probs = outOfFoldProbabilities(data, data.label, data.labels.length, { folds: 5, seed: 42, variant });
  const flagged = findSuspects(probs, data.label, data.labels.length).map((s) => s.row);
  const hits = flagged.filter((row) => flips.has(row));
  return {
    precision: hits.length / Math.max(1, flagged.length),
    recall: hits.length / flips.size,
    wronglyFlagged: flagged.filter((row) => !flips.has(row)),
    missed: [...flips.keys()].filter((row) => !flagged.includes(row)),
  };
}

describe('likely mislabelled (confident learning)', () => {
  it('finds 5 % injected flips on a 5-class topic set with precision and recall of at least 0.85, ahead of plain naive Bayes', () => {
    const { examples, flips } = topicCorpus({ rows: 2000, classes: 5, noise: 0.05, seed: 11 });
    const ours = score(examples, flips, 'tuned');
    const baseline = score(examples, flips, 'baseline');
    const report = `precision ${ours.precision.toFixed(3)} recall ${ours.recall.toFixed(3)} (baseline ${baseline.precision.toFixed(3)} / ${baseline.recall.toFixed(3)}); flagged but clean: ${ours.wronglyFlagged.join(', ')}; missed: ${ours.missed.join(', ')}`;
    expect(ours.precision, report).toBeGreaterThanOrEqual(0.85);
    expect(ours.recall, report).toBeGreaterThanOrEqual(0.85);
    expect(ours.precision, report).toBeGreaterThan(baseline.precision);
    expect(ours.recall, report).toBeGreaterThan(baseline.recall);
  });

  it('reports the flagged rows with their label, the suggested one and a confidence, and leaves them to --accept', async () => {
    const { examples, flips } = topicCorpus({ rows: 600, classes: 5, noise: 0.05, seed: 5 });
    const analysis = await analyzeRows(examples);
    const f = finding(analysis, 'likely-mislabelled');
    expect(f.rows.count).toBe(f.rows.positions.length);
    expect(f.details?.length).toBe(f.rows.count);
    const hits = (f.details ?? []).filter((d) => flips.get(d.row - 1) === d.suggested);
    expect(hits.length / flips.size).toBeGreaterThanOrEqual(0.8);
    for (const d of f.details ?? []) {
      expect(d.suggested).not.toBe(d.label);
      expect(d.confidence).toBeGreaterThan(0);
    }
    expect(f.preview[0]?.after?.fields[1]?.text).toBe(f.details?.[0]?.suggested);
    const yes = acceptedByFlags(parseFlags({ yes: true }), ids(analysis, 'optional'));
    expect(yes.has('likely-mislabelled')).toBe(false);
    const named = acceptedByFlags(parseFlags({ accept: 'likely-mislabelled' }), ids(analysis, 'optional'));
    expect(named.has('likely-mislabelled')).toBe(true);
    const out = await writePrepared(analysis, { accepted: named, split: false }, { force: true });
    const written = (await readFile(out.outputs[0]?.path ?? '', 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Example);
    const first = f.details?.[0];
    expect(written[(first?.row ?? 1) - 1]?.completion).toBe(first?.suggested);
  });

  it('accuses nobody when the labels cannot be told from the text, nor on a file too small to learn from', async () => {
    const random = seeded(3);
    const { examples } = topicCorpus({ rows: 300, noise: 0, seed: 4 });
    const shuffled = examples.map((e) => ({
      ...e,
      completion: ['a', 'b', 'c'][Math.floor(random() * 3)] ?? 'a',
    }));
    expect(ids(await analyzeRows(shuffled))).not.toContain('likely-mislabelled');
    const few = topicCorpus({ rows: 40, noise: 0.1, seed: 4 }).examples;
    expect(ids(await analyzeRows(few))).not.toContain('likely-mislabelled');
  });
});

/** Topic rows and, at known places, near-copies with another label (the pairs to find). */
function withNearCopies(seed: number) {
  const random = seeded(seed);
  const { examples } = topicCorpus({ rows: 300, noise: 0, seed });
  const planted: Array<[string, string]> = [];
  for (let k = 0; k < 15; k++) {
    const source = examples[k * 17] as Example;
    const copy = nearCopy(source.prompt, random);
    examples.push({ prompt: copy, completion: source.completion === 'sports' ? 'music' : 'sports' });
    planted.push([source.prompt, copy]);
  }
  return { examples, planted };
}

describe('near-duplicates', () => {
  it('groups every near-copy (a word replaced, case and spacing changed) with its source, whatever the order of the file', () => {
    const { examples, planted } = withNearCopies(8);
    for (const seed of [1, 2, 3]) {
      const random = seeded(seed);
      const order = examples
        .map((e) => ({ e, k: random() }))
        .sort((a, b) => a.k - b.k)
        .map((x) => x.e);
      const { group } = nearDuplicateGroups(rowsOf(order));
      const groupOf = (prompt: string): number => group[order.findIndex((e) => e.prompt === prompt)] ?? -1;
      const missed = planted.filter(([a, b]) => groupOf(a) < 0 || groupOf(a) !== groupOf(b));
      expect(missed, `order ${seed}: pairs not grouped`).toEqual([]);
      const grouped = [...group].filter((g) => g >= 0).length;
      expect(grouped, `order ${seed}: rows grouped beyond the planted pairs`).toBe(2 * planted.length);
    }
  });

  it('finds prompts equal once case, spacing and punctuation are set aside, and not prompts a fifth apart', () => {
    const data = rowsOf([
      { prompt: 'Where is my order?', completion: 'a' },
      { prompt: 'where  is MY order', completion: 'b' },
      { prompt: 'one two three four five', completion: 'a' },
      { prompt: 'one two three four six', completion: 'b' },
    ]);
    const { group } = nearDuplicateGroups(data);
    expect(group[0]).toBe(group[1]);
    expect(group[0]).toBeGreaterThanOrEqual(0);
    // 4 of 6 words shared: Jaccard 0.67, below 0.8.
    expect(group[2]).toBe(-1);
    expect(group[3]).toBe(-1);
  });

  it('reports conflicting labels with every row of every group and its majority label', async () => {
    const rows = [
      ...topicCorpus({ rows: 60, noise: 0, seed: 9 }).examples,
      { prompt: 'Can I pay by card?', completion: 'billing' },
      { prompt: 'can i pay by card', completion: 'billing' },
      { prompt: 'Can I  pay by CARD!', completion: 'shipping' },
    ];
    const analysis = await analyzeRows(rows);
    const f = finding(analysis, 'conflicting-labels');
    expect(f.rows.positions).toEqual([61, 62, 63]);
    expect(f.details?.map((d) => [d.label, d.suggested, d.group])).toEqual([
      ['billing', 'billing', 1],
      ['billing', 'billing', 1],
      ['shipping', 'billing', 1],
    ]);
    expect(
      acceptedByFlags(parseFlags({ yes: true }), ids(analysis, 'optional')).has('conflicting-labels'),
    ).toBe(false);
  });
});

describe('split leakage', () => {
  it('keeps each group on the side most of it falls on, training on a tie, other rows where they were', () => {
    const indices = { train: Uint32Array.from([4, 0, 2, 5]), valid: Uint32Array.from([1, 3]) };
    // Rows 0 and 1 (group 0) are split: a tie goes to training. Rows 3 and 5 (group 1) likewise.
    const kept = keepGroupsTogether(indices, [0, 0, -1, 1, -1, 1]);
    expect([...kept.train]).toEqual([4, 0, 2, 5, 1, 3]);
    expect([...kept.valid]).toEqual([]);
    const most = keepGroupsTogether(
      { train: Uint32Array.from([0, 2]), valid: Uint32Array.from([1, 3, 4]) },
      [0, 0, -1, -1, 0],
    );
    expect([...most.train]).toEqual([2]);
    expect([...most.valid]).toEqual([0, 1, 3, 4]);
  });

  it('is a form fix --yes takes: no group of the written split has rows on both sides', async () => {
    const { examples } = topicCorpus({ rows: 200, noise: 0, seed: 12 });
    const random = seeded(4);
    for (let k = 0; k < 40; k++) {
      const e = examples[k] as Example;
      examples.push({ prompt: nearCopy(e.prompt, random), completion: e.completion });
    }
    const analysis = await analyzeRows(examples);
    const f = finding(analysis, 'split-leak');
    expect(f.rows.count).toBe(f.details?.length);
    const accepted = acceptedByFlags(parseFlags({ yes: true }), ids(analysis, 'optional'));
    expect(accepted.has('split-leak')).toBe(true);
    const out = await writePrepared(analysis, { accepted, split: true }, { force: true });
    const side = new Map<string, string>();
    for (const o of out.outputs) {
      for (const line of (await readFile(o.path, 'utf8')).trim().split('\n'))
        side.set((JSON.parse(line) as Example).prompt, o.role);
    }
    const groups = new Map<number, Set<string>>();
    for (const d of f.details ?? []) {
      const prompt = examples[d.row - 1]?.prompt ?? '';
      groups.set(d.group ?? 0, (groups.get(d.group ?? 0) ?? new Set()).add(side.get(prompt) ?? '?'));
    }
    expect([...groups.values()].filter((s) => s.size > 1)).toEqual([]);
  });

  it('is off with FINE_TUNE_QUALITY=off or the quality option false', async () => {
    expect(qualityEnabled({ FINE_TUNE_QUALITY: 'off' })).toBe(false);
    expect(qualityEnabled({ FINE_TUNE_QUALITY: 'on' })).toBe(true);
    expect(qualityEnabled({})).toBe(true);
    const { examples } = topicCorpus({ rows: 300, noise: 0.05, seed: 5 });
    const off = await analyzeRows(examples, { quality: false });
    expect(ids(off)).not.toContain('likely-mislabelled');
  });
});
