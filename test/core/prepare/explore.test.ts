import { describe, expect, it } from 'vitest';
import { affectedRows, analyzeFile, sampleExamples } from '../../../src/core/prepare/index.js';
import { finding, writeRows } from './helpers.js';

// "View every affected row" and "look at a sample" in the review: which rows a necessary fix lists,
// with the row as the file holds it and as it is written (or removed), and a sample of what is written.
// Each state is built inside its test (mutation testing reruns the tests in one process).

const FAST = { deferTokens: true } as const;

async function mixed() {
  // Rows 3 and 7 hold a list, 5 and 9 an empty completion, row 11 an object; the others are clean.
  const rows = Array.from({ length: 14 }, (_, i) => {
    const n = i + 1;
    if (n === 3 || n === 7) return { prompt: [`list ${n}`], completion: ` c${n}`, note: 'x' };
    if (n === 11) return { prompt: `p${n} ->`, completion: { text: n }, note: 'x' };
    if (n === 5 || n === 9) return { prompt: `p${n} ->`, completion: '', note: 'x' };
    return { prompt: `p${n} ->`, completion: ` c${n}\n`, note: 'x' };
  });
  return analyzeFile(await writeRows(rows), FAST);
}

describe('the rows a necessary fix concerns', () => {
  it('lists the rows holding a list or an object, as the file holds them, each removed', async () => {
    const analysis = await mixed();
    expect(finding(analysis, 'non-text-values').rows.positions).toEqual([3, 7, 11]);
    const page = await affectedRows(analysis, 'non-text-values', { offset: 0, limit: 10 });
    expect(page.total).toBe(3);
    expect(page.rows.map((r) => [r.position, r.after])).toEqual([
      [3, null],
      [7, null],
      [11, null],
    ]);
    expect(page.rows[0]?.before.fields).toEqual([
      { label: 'prompt', text: '["list 3"]' },
      { label: 'completion', text: ' c3' },
      { label: 'note', text: 'x' },
    ]);
    expect(page.rows[2]?.before.fields[1]).toEqual({ label: 'completion', text: '{"text":11}' });
    const second = await affectedRows(analysis, 'non-text-values', { offset: 1, limit: 1 });
    expect(second).toEqual({ total: 3, rows: [expect.objectContaining({ position: 7 })] });
  });

  it('lists the rows with an empty completion, and no others', async () => {
    const analysis = await mixed();
    const page = await affectedRows(analysis, 'empty-completions', { offset: 0, limit: 10 });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.position)).toEqual([5, 9]);
    expect(page.rows[0]?.after).toBeNull();
    expect(page.rows[0]?.before.fields[0]).toEqual({ label: 'prompt', text: 'p5 ->' });
  });

  it('shows every row a column-wide fix changes, before and after', async () => {
    const analysis = await mixed();
    const f = finding(analysis, 'extra-columns');
    expect(f.kind).toBe('necessary');
    const page = await affectedRows(analysis, 'extra-columns', { offset: 0, limit: 3 });
    expect(page.total).toBe(14);
    expect(page.rows.map((r) => r.position)).toEqual([1, 2, 3]);
    expect(page.rows[0]?.after?.fields).toEqual([
      { label: 'prompt', text: 'p1 ->' },
      { label: 'completion', text: ' c1\n' },
    ]);
    expect(page.rows[0]?.before.fields.map((f) => f.label)).toEqual(['prompt', 'completion', 'note']);
    // A row the table removes shows no "after", even under another fix.
    expect(page.rows[2]?.after).toBeNull();
  });

  it('pages past the 1,000 positions a finding lists, by reading each row again', async () => {
    // 1,005 empty completions among clean rows: the finding lists the first 1,000 positions only.
    const rows = Array.from({ length: 1_010 }, (_, i) =>
      i % 202 === 0 ? { prompt: `p${i} ->`, completion: ` c${i}\n` } : { prompt: `p${i} ->`, completion: '' },
    );
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const f = finding(analysis, 'empty-completions');
    expect([f.rows.count, f.rows.positions.length]).toEqual([1_005, 1_000]);
    const page = await affectedRows(analysis, 'empty-completions', { offset: 1_000, limit: 10 });
    expect(page.total).toBe(1_005);
    expect(page.rows.map((r) => r.position)).toEqual([1_006, 1_007, 1_008, 1_009, 1_010]);
    expect(page.rows.every((r) => r.after === null)).toBe(true);
  });

  it('gives nothing for a finding that is not there, or one with no rows', async () => {
    const analysis = await mixed();
    expect(await affectedRows(analysis, 'no-such-finding', { offset: 0, limit: 5 })).toEqual({
      total: 0,
      rows: [],
    });
    expect(await affectedRows(analysis, 'task-type', { offset: 0, limit: 5 })).toEqual({
      total: 0,
      rows: [],
    });
  });
});

describe('a sample of the prepared examples', () => {
  it('gives nothing when asked for none, and every row when asked for more than there are', async () => {
    const analysis = await mixed();
    const decisions = { accepted: new Set<string>(), split: false };
    expect(await sampleExamples(analysis, decisions, { count: 0, seed: 1 })).toEqual([]);
    const all = await sampleExamples(analysis, decisions, { count: 50, seed: 1 });
    expect(all.map((s) => s.position)).toEqual([1, 2, 4, 6, 8, 10, 12, 13, 14]);
    expect(all[0]?.example.fields).toEqual([
      { label: 'prompt', text: 'p1 ->' },
      { label: 'completion', text: ' c1\n' },
    ]);
  });

  it('draws a different sample for another seed, always in file order and without the rows dropped', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => ({
      prompt: `p${i + 1} ->`,
      completion: ` c${i + 1}\n`,
    }));
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    const decisions = { accepted: new Set<string>(), split: false, dropped: new Set([1, 2, 3, 4, 5]) };
    const a = (await sampleExamples(analysis, decisions, { count: 6, seed: 1 })).map((s) => s.position);
    const b = (await sampleExamples(analysis, decisions, { count: 6, seed: 2 })).map((s) => s.position);
    expect(a).toHaveLength(6);
    expect(a).not.toEqual(b);
    for (const sample of [a, b]) {
      expect([...sample].sort((x, y) => x - y)).toEqual(sample);
      expect(sample.every((p) => p > 5)).toBe(true);
      expect(new Set(sample).size).toBe(6);
    }
    // Not only the first rows: a reservoir over the whole file.
    expect(Math.max(...a, ...b)).toBeGreaterThan(11);
  });
});
