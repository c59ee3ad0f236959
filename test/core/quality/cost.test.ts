import { describe, expect, it } from 'vitest';
import { QualityCollector, type QualityRows } from '../../../src/core/quality/collector.js';
import {
  DEFAULT_CLASSIFIER,
  foldsOf,
  outOfFoldProbabilities,
} from '../../../src/core/quality/naive-bayes.js';
import { nearDuplicateGroups } from '../../../src/core/quality/near-duplicates.js';
import { nearCopy, seeded, topicCorpus, type Example } from './topic-corpus.js';

// The shortcuts that keep the checks cheap on big files (docs/quality-checks.md, "Speed").

function rowsOf(examples: readonly Example[]): QualityRows {
  const c = new QualityCollector();
  examples.forEach((e, i) =>
    c.add(i + 1, e.prompt, 0, e.prompt.length, e.completion, 0, e.completion.length),
  );
  return c.result();
}

describe('the mislabel trial on one fold', () => {
  it('scores the held-out fold as the full run does, and gives the other rows even odds', () => {
    const { examples } = topicCorpus({ rows: 400, classes: 4, noise: 0.05, seed: 5 });
    const data = rowsOf(examples);
    const classes = data.labels.length;
    const full = outOfFoldProbabilities(data, data.label, classes, DEFAULT_CLASSIFIER);
    const told: number[] = [];
    const one = outOfFoldProbabilities(
      data,
      data.label,
      classes,
      { ...DEFAULT_CLASSIFIER, scored: 1 },
      undefined,
      (done, of) => told.push(done, of),
    );
    expect(told).toEqual([1, 1]);
    const fold = foldsOf(data.rows, DEFAULT_CLASSIFIER.folds, DEFAULT_CLASSIFIER.seed);
    let scored = 0;
    for (let i = 0; i < data.rows; i++) {
      const row = [...one.subarray(i * classes, (i + 1) * classes)];
      if (fold[i] === 0) {
        scored++;
        row.forEach((p, c) => expect(p).toBeCloseTo(full[i * classes + c] as number, 5));
      } else row.forEach((p) => expect(p).toBeCloseTo(1 / classes, 6));
    }
    expect(scored).toBe(data.rows / DEFAULT_CLASSIFIER.folds);
  });
});

describe('crowded buckets', () => {
  it('still groups near-copies among hundreds of unrelated prompts of a small vocabulary', () => {
    // 600 prompts of 30 words drawn from 12: every band bucket is crowded with unrelated rows.
    const random = seeded(3);
    const vocabulary = 'order refund account login card plan item email app error charge update'.split(' ');
    const sentence = (): string =>
      Array.from({ length: 30 }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join(' ');
    const examples: Example[] = Array.from({ length: 600 }, (_, i) => ({
      prompt: `${sentence()} ticket${i}`,
      completion: 'x',
    }));
    // Near-copies placed right after their source, before the source's buckets fill up.
    const sources = [10, 20, 30];
    const copies = sources.map((s) => nearCopy((examples[s] as Example).prompt, random));
    sources.forEach((s, k) =>
      examples.splice(s + 1 + k, 0, { prompt: copies[k] as string, completion: 'y' }),
    );
    const data = rowsOf(examples);
    const { group } = nearDuplicateGroups(data);
    sources.forEach((s, k) => {
      const at = s + k;
      expect(group[at], `source ${s}`).toBeGreaterThanOrEqual(0);
      expect(group[at + 1]).toBe(group[at]);
    });
  });
});
