import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { acceptedByFlags, parseFlags } from '../../../src/commands/prepare/flags.js';
import { UserError } from '../../../src/core/errors.js';
import { withValidationLeak, writePrepared } from '../../../src/core/prepare/index.js';
import { analyzeRows, finding, ids, writeRows } from '../prepare/helpers.js';
import { nearCopy, seeded, topicCorpus, type Example } from './topic-corpus.js';

/**
 * A training file and a validation file whose rows at known places are near-copies of training rows
 * (a word replaced, case and spacing changed); the other validation rows are new prompts.
 */
function planted(seed: number) {
  const random = seeded(seed);
  const train = topicCorpus({ rows: 300, noise: 0, seed }).examples;
  const fresh = topicCorpus({ rows: 400, noise: 0, seed: seed + 100 }).examples.slice(300);
  const validation: Example[] = [];
  // Training row (1-based) → the validation row that near-copies it.
  const copies = new Map<number, number>();
  for (let k = 0; k < 20; k++) {
    const source = train[k * 13 + 2] as Example;
    copies.set(k * 13 + 3, validation.length + 1);
    validation.push({ prompt: nearCopy(source.prompt, random), completion: source.completion });
    validation.push(fresh[k] as Example);
  }
  return { train, validation, copies };
}

const chatOf = (e: Example): unknown => ({
  messages: [
    { role: 'user', content: e.prompt },
    { role: 'assistant', content: e.completion },
  ],
});

describe('validation-leak (a validation file the user brings)', () => {
  it('lists every training row a validation row near-copies, with that row (precision 1, recall ≥ 0.9), and --yes drops them from training only', async () => {
    const { train, validation, copies } = planted(31);
    const vpath = await writeRows(validation);
    const before = await readFile(vpath, 'utf8');
    const analysis = await withValidationLeak(await analyzeRows(train, { quality: false }), vpath);
    const f = finding(analysis, 'validation-leak');
    const found = f.details?.map((d) => [d.row, d.validationRow]) ?? [];
    const wrong = found.filter(([t, v]) => copies.get(t ?? 0) !== v);
    const missed = [...copies.keys()].filter((t) => !f.rows.positions.includes(t));
    expect(wrong, 'flagged pairs that were not planted').toEqual([]);
    expect(missed.length / copies.size, `missed ${missed.join(', ')}`).toBeLessThanOrEqual(0.1);
    expect(f.rows.count).toBe(f.rows.positions.length);
    expect(f.preview[0]?.position).toBe(f.rows.positions[0]);
    const accepted = acceptedByFlags(parseFlags({ yes: true }), ids(analysis, 'optional'));
    expect(accepted.has('validation-leak')).toBe(true);
    const out = await writePrepared(analysis, { accepted, split: false }, { force: true });
    const lines = (await readFile(out.outputs[0]?.path ?? '', 'utf8')).trim().split('\n');
    const prompts = new Set(lines.map((l) => (JSON.parse(l) as Example).prompt));
    expect(lines.length).toBe(train.length - f.rows.count);
    for (const t of f.rows.positions) expect(prompts.has(train[t - 1]?.prompt ?? '')).toBe(false);
    expect(await readFile(vpath, 'utf8')).toBe(before);
  });

  it('compares chat examples by the conversation before the last answer', async () => {
    const { train, validation, copies } = planted(32);
    const analysis = await withValidationLeak(
      await analyzeRows(train.map(chatOf)),
      await writeRows(validation.map(chatOf)),
    );
    const f = finding(analysis, 'validation-leak');
    const wrong = (f.details ?? []).filter((d) => copies.get(d.row) !== d.validationRow).map((d) => d.row);
    const missed = [...copies.keys()].filter((t) => !f.rows.positions.includes(t));
    expect(wrong, 'flagged rows that were not planted').toEqual([]);
    // A pair at the 0.8 threshold is found with a probability of about 98 % (MinHash): recall ≥ 0.9.
    expect(missed.length / copies.size, `missed ${missed.join(', ')}`).toBeLessThanOrEqual(0.1);
  });

  it('adds nothing when no validation row is near a training row, and refuses a file of another format', async () => {
    const { train } = planted(33);
    const fresh = topicCorpus({ rows: 340, noise: 0, seed: 500 }).examples.slice(300);
    const analysis = await analyzeRows(train, { quality: false });
    expect(await withValidationLeak(analysis, await writeRows(fresh))).toBe(analysis);
    await expect(withValidationLeak(analysis, await writeRows(fresh.map(chatOf)))).rejects.toThrow(UserError);
  });
});
