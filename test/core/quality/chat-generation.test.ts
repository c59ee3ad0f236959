import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { writePrepared } from '../../../src/core/prepare/index.js';
import type { Analysis } from '../../../src/core/prepare/index.js';
import { acceptedByFlags, parseFlags } from '../../../src/commands/prepare/flags.js';
import type { QualityResult } from '../../../src/core/quality/index.js';
import { unnamedRows, withLabelTexts } from '../../../src/core/quality/label-texts.js';
import { MAX_LABEL_TEXTS, QualityCollector } from '../../../src/core/quality/collector.js';
import { analyzeRows, finding, ids } from '../prepare/helpers.js';
import { nearCopy, seeded, topicCorpus, type Example } from './topic-corpus.js';

/**
 * Generation data: topic prompts with an answer of their own each, and at known rows near-copies of
 * earlier prompts (a word replaced, case and spacing changed) with another answer (`conflicts`) or the
 * same answer (`agreeing`, not a conflict).
 */
function generation(seed: number) {
  const random = seeded(seed);
  const rows: Example[] = topicCorpus({ rows: 240, noise: 0, seed }).examples.map((e, i) => ({
    prompt: e.prompt,
    completion: `Answer ${i}: about ${e.completion}, in a sentence of its own.`,
  }));
  const conflicts = new Map<number, number>();
  const agreeing = new Set<number>();
  for (let k = 0; k < 20; k++) {
    const source = rows[k * 11] as Example;
    const copy = nearCopy(source.prompt, random);
    if (k % 4 === 3) {
      agreeing.add(rows.length + 1);
      rows.push({ prompt: copy, completion: source.completion });
    } else {
      conflicts.set(rows.length + 1, k * 11 + 1);
      rows.push({ prompt: copy, completion: `A different answer, number ${k}.` });
    }
  }
  // Expected rows (1-based): every planted copy with a different answer, and its source.
  const expected = new Set([...conflicts.keys(), ...conflicts.values()]);
  return { rows, expected, agreeing, conflicts };
}

function chatOf(e: Example): unknown {
  return {
    messages: [
      { role: 'user', content: e.prompt },
      { role: 'assistant', content: e.completion },
    ],
  };
}

function scored(analysis: Analysis, expected: ReadonlySet<number>) {
  const found = finding(analysis, 'conflicting-labels').rows.positions;
  const hits = found.filter((p) => expected.has(p));
  return {
    precision: hits.length / Math.max(1, found.length),
    recall: hits.length / expected.size,
    report: `wrongly flagged ${found.filter((p) => !expected.has(p)).join(', ')}; missed ${[...expected].filter((p) => !found.includes(p)).join(', ')}`,
  };
}

async function written(path: string): Promise<unknown[]> {
  return (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as unknown);
}

const lastAnswer = (line: unknown): string => {
  const messages = (line as { messages: Array<{ content: string }> }).messages;
  return messages[messages.length - 1]?.content ?? '';
};

describe('conflicting answers in generation data', () => {
  it('finds near-copied prompts with another completion (precision 1, recall ≥ 0.9), not those with the same one, and has no split to leak across', async () => {
    const { rows, expected, agreeing } = generation(21);
    const analysis = await analyzeRows(rows);
    expect(analysis.taskType).toBe('conditional generation');
    const { precision, recall, report } = scored(analysis, expected);
    expect(precision, report).toBe(1);
    // A pair at the 0.8 threshold is found with a probability of about 98 % (MinHash).
    expect(recall, report).toBeGreaterThanOrEqual(0.9);
    const f = finding(analysis, 'conflicting-labels');
    for (const row of agreeing) expect(f.rows.positions).not.toContain(row);
    expect(ids(analysis)).not.toContain('split-leak');
  });
});

describe('conflicting answers in chat data', () => {
  it('compares the conversation before the last answer: finds the planted conflicts with precision 1 and recall ≥ 0.9', async () => {
    const { rows, expected, agreeing } = generation(22);
    const analysis = await analyzeRows(rows.map(chatOf));
    expect(analysis.dataFormat).toBe('chat');
    const { precision, recall, report } = scored(analysis, expected);
    expect(precision, report).toBe(1);
    // A pair at the 0.8 threshold is found with a probability of about 98 % (MinHash).
    expect(recall, report).toBeGreaterThanOrEqual(0.9);
    const f = finding(analysis, 'conflicting-labels');
    expect(f.rows.count).toBe(f.rows.positions.length);
    expect(f.details?.length).toBe(f.rows.count);
    for (const row of agreeing) expect(f.rows.positions).not.toContain(row);
    // The answers are the labels; a group's suggestion is its first answer (each is given once).
    const first = f.details?.[0];
    expect(first?.label).toBe(rows[(first?.row ?? 1) - 1]?.completion);
    expect(f.preview[0]?.before.fields[1]?.text).toBe(first?.label);
    // After the fixes that remove examples, before the one that changes every example.
    const order = ids(analysis);
    expect(order.indexOf('conflicting-labels')).toBeLessThan(order.indexOf('add-system-message'));
  });

  it('is left by --yes; accepted, a group with a most common answer gets it, a tie is left, nothing else changes', async () => {
    const { rows, conflicts } = generation(23);
    const random = seeded(7);
    // The first five conflict groups get a second near-copy with the source's answer: a majority of two.
    const sources = [...conflicts.values()].slice(0, 5);
    for (const s of sources) {
      const source = rows[s - 1] as Example;
      rows.push({ prompt: nearCopy(source.prompt, random), completion: source.completion });
    }
    const analysis = await analyzeRows(rows.map(chatOf));
    const f = finding(analysis, 'conflicting-labels');
    const optional = ids(analysis, 'optional');
    expect(acceptedByFlags(parseFlags({ yes: true }), optional).has('conflicting-labels')).toBe(false);
    const accepted = acceptedByFlags(parseFlags({ accept: 'conflicting-labels' }), optional);
    const out = await writePrepared(analysis, { accepted, split: false }, { force: true });
    const lines = await written(out.outputs[0]?.path ?? '');
    expect(lines.length).toBe(rows.length);
    const groupOf = new Map((f.details ?? []).map((d) => [d.row, d.group ?? 0]));
    for (const s of sources) {
      const members = (f.details ?? []).filter((d) => d.group === groupOf.get(s));
      expect(members.length).toBeGreaterThanOrEqual(3);
      for (const d of members) expect(lastAnswer(lines[d.row - 1])).toBe(rows[s - 1]?.completion);
    }
    // Every other row, tied groups included, keeps its answer.
    const majority = new Set(sources.map((s) => groupOf.get(s)));
    rows.forEach((e, i) => {
      if (!majority.has(groupOf.get(i + 1))) expect(lastAnswer(lines[i])).toBe(e.completion);
    });
    const tied = (f.details ?? []).filter((d) => !majority.has(d.group ?? 0));
    expect(tied.length).toBeGreaterThan(0);
    expect(tied.every((d) => d.suggested === null)).toBe(true);
  });

  it('writes the answers the review chose and drops the rows it dropped', async () => {
    const { rows } = generation(24);
    const analysis = await analyzeRows(rows.map(chatOf));
    const [a, b] = finding(analysis, 'conflicting-labels').details ?? [];
    if (a === undefined || b === undefined) throw new Error('no group');
    const out = await writePrepared(
      analysis,
      { accepted: new Set(), split: false, relabel: new Map([[a.row, b.label]]), dropped: new Set([b.row]) },
      { force: true },
    );
    const lines = await written(out.outputs[0]?.path ?? '');
    expect(lines.length).toBe(rows.length - 1);
    expect(lastAnswer(lines[a.row - 1])).toBe(b.label);
  });

  it('does not take conversations for near-copies because they share a long system message', async () => {
    const system = Array.from({ length: 60 }, (_, i) => `rule${i}`).join(' ');
    const { rows } = generation(26);
    const lines = rows.slice(0, 200).map((e) => ({
      messages: [
        { role: 'system', content: system },
        { role: 'user', content: e.prompt },
        { role: 'assistant', content: e.completion },
      ],
    }));
    expect(ids(await analyzeRows(lines))).not.toContain('conflicting-labels');
  });

  it('checks nothing with the quality option off, nor an answer that is a tool call', async () => {
    const { rows } = generation(25);
    expect(ids(await analyzeRows(rows.map(chatOf), { quality: false }))).not.toContain('conflicting-labels');
    const tools = rows.map((e) => ({
      messages: [
        { role: 'user', content: e.prompt },
        { role: 'assistant', tool_calls: [{ id: e.completion, type: 'function' }] },
      ],
    }));
    expect(ids(await analyzeRows(tools))).not.toContain('conflicting-labels');
  });
});

describe('label texts past the ones the collector keeps', () => {
  it('names a conflict group by the answers read again, and suggests nothing it could not read', () => {
    const labels: Array<string | null> = ['kept', null, null];
    const d = (row: number, label: string, suggested: string) => ({
      row,
      label,
      suggested,
      confidence: null,
      group: 1,
    });
    const result: QualityResult = {
      mislabelled: [],
      conflicting: [d(4, 'label #2', 'label #2'), d(9, 'label #2', 'label #2'), d(12, 'kept', 'label #2')],
      leaking: [],
      skipped: null,
    };
    expect(unnamedRows(result, labels)).toEqual([4, 9]);
    const named = withLabelTexts(result, labels, new Map([[9, ' the answer ']]));
    expect(named.conflicting.map((x) => [x.label, x.suggested])).toEqual([
      ['the answer', 'the answer'],
      ['the answer', 'the answer'],
      ['kept', 'the answer'],
    ]);
    const unread = withLabelTexts(result, labels, new Map());
    expect(unread.conflicting.map((x) => x.suggested)).toEqual([null, null, null]);
    expect(unnamedRows(result, ['a', 'b', 'c'])).toEqual([]);
    // Past the labels kept (the collector numbers later ones by a hash), a name is unnamed too.
    expect(unnamedRows(result, ['kept'])).toEqual([4, 9]);
  });

  it('numbers the answers past the named ones by their text: equal answers agree, others differ', () => {
    const c = new QualityCollector();
    const answers = Array.from({ length: MAX_LABEL_TEXTS + 300 }, (_, i) => `answer ${i}`);
    answers.push(' answer 5100 ', 'answer 5101 again', 'answer 3');
    answers.forEach((a, i) => c.add(i + 1, 'same prompt', 0, 11, a, 0, a.length));
    const data = c.result();
    expect(data.labels).toHaveLength(MAX_LABEL_TEXTS);
    expect(data.labels[MAX_LABEL_TEXTS - 1]).toBe(`answer ${MAX_LABEL_TEXTS - 1}`);
    const id = (row: number): number => data.label[row] as number;
    const past = answers.length - 3;
    expect(id(past)).toBe(id(5100));
    expect(id(past + 1)).not.toBe(id(5101));
    expect(id(past + 2)).toBe(3);
    const hashed = new Set(Array.from({ length: 300 }, (_, k) => id(MAX_LABEL_TEXTS + k)));
    expect(hashed.size).toBe(300);
    for (const h of hashed) expect(h).toBeGreaterThanOrEqual(MAX_LABEL_TEXTS);
  });
});

describe('conflicting answers past the first 5,000 answers of a generation file', () => {
  it('names the group by its answers read again, and the fix writes the majority answer', async () => {
    const rows = Array.from({ length: MAX_LABEL_TEXTS + 100 }, (_, i) => ({
      prompt: `question number ${i} about item ${i * 7}`,
      completion: `answer ${i}`,
    }));
    // Three near-copies past the named answers: two give one answer, one another.
    const prompt = 'How do I reset the password of my account on the phone app';
    rows.push(
      { prompt, completion: 'Use the reset link.' },
      { prompt: `${prompt}!`, completion: 'Use the reset link.' },
      { prompt: prompt.toUpperCase(), completion: 'Call us.' },
    );
    const analysis = await analyzeRows(rows);
    expect(analysis.taskType).toBe('conditional generation');
    const f = finding(analysis, 'conflicting-labels');
    const n = rows.length;
    expect(f.rows.positions).toEqual([n - 2, n - 1, n]);
    expect(f.details?.map((d) => [d.label, d.suggested])).toEqual([
      ['Use the reset link.', 'Use the reset link.'],
      ['Use the reset link.', 'Use the reset link.'],
      ['Call us.', 'Use the reset link.'],
    ]);
  });
});
