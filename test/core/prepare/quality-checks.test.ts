import { stat } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyzeFile, type Analysis, type ReadProgress } from '../../../src/core/prepare/index.js';
import { withQualityOutcome } from '../../../src/core/prepare/quality-step.js';
import { MAX_LABEL_TEXTS } from '../../../src/core/quality/collector.js';
import { cleanRows, finding, ids, writeRows } from './helpers.js';

// The quality checks as the analysis runs them (core/prepare/quality-step.ts): the rows they name are
// read again for their texts, under the columns the user mapped; generation data gets no suggestion
// for a tied group; a clean file gets no finding and no plan.

const FAST = { deferTokens: true, quality: true } as const;

/** Conditional-generation rows under the columns `q` and `a`, with two groups of near-copies. */
function generationRows(): Array<{ q: string; a: string }> {
  return [
    ...cleanRows(20).map((r) => ({ q: r.prompt, a: r.completion })),
    { q: 'How do I reset my password?', a: ' Use the reset link.\n' },
    { q: 'how do i reset my password', a: ' Use the reset link.\n' },
    { q: 'How do I reset my PASSWORD!', a: ' Call support.\n' },
    { q: 'Where is my parcel?', a: ' Track it online.\n' },
    { q: 'where is my parcel', a: ' Ask the shop.\n' },
  ];
}

describe('the quality checks of an analysis', () => {
  it('show the rows of each conflicting group as read again under the mapped columns', async () => {
    const path = await writeRows(generationRows());
    const checking: ReadProgress[] = [];
    const analysis = await analyzeFile(path, {
      ...FAST,
      columnMap: { prompt: 'q', completion: 'a' },
      onProgress: (p) => {
        if (p.checking !== undefined) checking.push(p);
      },
    });
    expect(analysis.taskType).toBe('conditional generation');
    const f = finding(analysis, 'conflicting-labels');
    expect(f.rows.positions).toEqual([21, 22, 23, 24, 25]);
    expect(f.preview?.map((r) => [r.position, r.before.fields.map((x) => x.text)])).toEqual([
      [21, ['How do I reset my password?', ' Use the reset link.\n']],
      [22, ['how do i reset my password', ' Use the reset link.\n']],
      [23, ['How do I reset my PASSWORD!', ' Call support.\n']],
      [24, ['Where is my parcel?', ' Track it online.\n']],
      [25, ['where is my parcel', ' Ask the shop.\n']],
    ]);
    expect(f.preview?.[2]?.after?.fields.map((x) => x.text)).toEqual([
      'How do I reset my PASSWORD!',
      ' Use the reset link.\n',
    ]);
    // A group of two answers, one each: no majority, so no answer is suggested for it.
    expect(f.details?.map((d) => [d.row, d.suggested])).toEqual([
      [21, ' Use the reset link.\n'],
      [22, ' Use the reset link.\n'],
      [23, ' Use the reset link.\n'],
      [24, null],
      [25, null],
    ]);
    const plan = analysis.plan;
    if (plan?.kind !== 'prompt-completion') throw new Error('no plan');
    expect([...(plan.quality?.conflicting ?? [])]).toEqual([[23, ' Use the reset link.\n']]);
    // The checks' progress comes after the whole file was read.
    const size = (await stat(path)).size;
    expect(checking.length).toBeGreaterThan(0);
    for (const p of checking) expect([p.bytesRead, p.totalBytes]).toEqual([size, size]);
    // Generation data has no labels to doubt: only the near-copies are looked for.
    expect(checking.map((p) => p.checking?.step)).toEqual(['near-duplicate prompts', 'done']);
  });

  it('suggest the first label of a tied group of classification data', async () => {
    const labels = [' billing', ' shipping'];
    const rows = [
      ...Array.from({ length: 20 }, (_, i) => ({
        prompt: `message ${i} about thing ${i * 3} ->`,
        completion: labels[i % 2] ?? '',
      })),
      { prompt: 'Where is my parcel? ->', completion: ' shipping' },
      { prompt: 'where is my parcel ->', completion: ' billing' },
    ];
    const analysis = await analyzeFile(await writeRows(rows), FAST);
    expect(analysis.taskType).toBe('classification');
    const f = finding(analysis, 'conflicting-labels');
    expect(f.details?.map((d) => [d.row, d.label, d.suggested])).toEqual([
      [21, ' shipping', ' shipping'],
      [22, ' billing', ' shipping'],
    ]);
    expect(f.preview?.map((r) => r.before.fields.map((x) => x.text))).toEqual([
      ['Where is my parcel? ->', ' shipping'],
      ['where is my parcel ->', ' billing'],
    ]);
  });

  it('take no empty prompts of open-ended data for near-copies', async () => {
    const rows = Array.from({ length: 30 }, (_, i) => ({ prompt: '', completion: ` story ${i} of many` }));
    const steps: string[] = [];
    const analysis = await analyzeFile(await writeRows(rows), {
      ...FAST,
      onProgress: (p) => {
        if (p.checking !== undefined) steps.push(p.checking.step);
      },
    });
    expect(analysis.taskType).toBe('open-ended generation');
    expect(ids(analysis)).not.toContain('conflicting-labels');
    // Nothing to compare the rows by: no check runs at all.
    expect(steps).toEqual([]);
  });

  it('read again the answers of a group past the first 5,000 answers, even past the rows previewed', async () => {
    const early = ['Can I pay by card', 'Where is the shop', 'When do you open'].flatMap((q, k) => [
      { prompt: `${q}?`, completion: `early answer ${k}` },
      { prompt: q.toLowerCase(), completion: `other answer ${k}` },
    ]);
    const filler = Array.from({ length: MAX_LABEL_TEXTS }, (_, i) => ({
      prompt: `question number ${i} about item ${i * 7}`,
      completion: `answer ${i}`,
    }));
    const prompt = 'How do I reset the password of my account on the phone app';
    const late = [
      { prompt, completion: 'Use the reset link.' },
      { prompt: `${prompt}!`, completion: 'Use the reset link.' },
      { prompt: prompt.toUpperCase(), completion: 'Call us.' },
    ];
    const analysis = await analyzeFile(await writeRows([...early, ...filler, ...late]), FAST);
    const f = finding(analysis, 'conflicting-labels');
    const n = early.length + filler.length;
    // The first rows of the finding are those previewed; the late group's are not among them.
    expect(f.preview.map((r) => r.position)).not.toContain(n + 1);
    expect(f.details?.filter((d) => d.row > n).map((d) => [d.label, d.suggested])).toEqual([
      ['Use the reset link.', 'Use the reset link.'],
      ['Use the reset link.', 'Use the reset link.'],
      ['Call us.', 'Use the reset link.'],
    ]);
  });

  it('find nothing and leave no plan on a clean file, and do not run when turned off', async () => {
    const path = await writeRows(cleanRows(30));
    for (const quality of [true, false]) {
      const analysis = await analyzeFile(path, { deferTokens: true, quality });
      expect(ids(analysis)).not.toContain('conflicting-labels');
      expect(analysis.plan?.kind).toBe('prompt-completion');
      expect(analysis.plan && 'quality' in analysis.plan).toBe(false);
    }
    const labels = Array.from({ length: 30 }, (_, i) => ({
      prompt: `message ${i} about thing ${i * 3} ->`,
      completion: i % 2 ? ' billing' : ' shipping',
    }));
    const classification = await analyzeFile(await writeRows(labels), FAST);
    expect(classification.taskType).toBe('classification');
    expect(classification.plan && 'quality' in classification.plan).toBe(false);
    const off = await analyzeFile(await writeRows(generationRows()), {
      deferTokens: true,
      quality: false,
      columnMap: { prompt: 'q', completion: 'a' },
    });
    expect(ids(off)).not.toContain('conflicting-labels');
    expect(off.plan && 'quality' in off.plan).toBe(false);
  });
});

describe('withQualityOutcome', () => {
  it('puts the findings first when the first finding is already an optional fix', () => {
    const f = (id: string, kind: string) => ({
      id,
      kind,
      message: id,
      detail: '',
      rows: { count: 0, positions: [] },
      preview: [],
    });
    const analysis = {
      findings: [f('prompt-prefix', 'optional'), f('completion-ending', 'optional')],
      plan: { kind: 'prompt-completion' },
    } as unknown as Analysis;
    const plan = { mislabelled: new Map(), conflicting: new Map(), groups: new Map() };
    const out = withQualityOutcome(analysis, {
      findings: [f('conflicting-labels', 'optional')] as never,
      plan,
    });
    expect(out.findings.map((x) => x.id)).toEqual([
      'conflicting-labels',
      'prompt-prefix',
      'completion-ending',
    ]);
  });
});
