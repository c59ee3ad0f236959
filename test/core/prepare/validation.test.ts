import { writeFile } from 'node:fs/promises';
import { beforeAll, describe, expect, it } from 'vitest';
import { UserError } from '../../../src/core/errors.js';
import type { Finding, FindingKind } from '../../../src/core/findings.js';
import { withValidationLeak, type Analysis } from '../../../src/core/prepare/index.js';
import { pcView } from '../../../src/core/prepare/preview.js';
import { topicCorpus, type Example } from '../quality/topic-corpus.js';
import { analyzeRows, finding, writeRows } from './helpers.js';

// The finding `validation-leak` as the review shows it (its sentence, rows, details, preview and place
// among the other findings), and which validation files are compared and which refused. The search
// itself (near-copies found, precision and recall) is tested in test/core/quality/validation-leak.test.ts;
// here the validation rows are exact copies, which the search always finds.

const TRAIN: readonly Example[] = topicCorpus({ rows: 60, noise: 0, seed: 41 }).examples;
const FRESH: readonly Example[] = topicCorpus({ rows: 80, noise: 0, seed: 141 }).examples.slice(60);
const row = (position: number): Example => TRAIN[position - 1] as Example;
const fresh = (k: number): Example => FRESH[k] as Example;

const quiet = { quality: false, deferTokens: true } as const;

/** A CSV file of prompt/completion rows. */
async function writeCsv(rows: readonly Example[]): Promise<string> {
  const path = await writeRows([], 'csv');
  const cell = (s: string) => `"${s.replaceAll('"', '""')}"`;
  await writeFile(
    path,
    ['prompt,completion', ...rows.map((r) => `${cell(r.prompt)},${cell(r.completion)}`)].join('\n') + '\n',
  );
  return path;
}

describe('the validation-leak finding', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyzeRows(TRAIN, quiet);
  });

  it('says one training line near-copies one row of the validation file, naming it', async () => {
    const vpath = await writeCsv([fresh(0), fresh(1), row(5), fresh(2)]);
    const f = finding(await withValidationLeak(analysis, vpath), 'validation-leak');
    expect(f.kind).toBe('optional');
    expect(f.message).toBe(`1 training line near-copies 1 row of the validation file ${vpath}`);
    expect(f.detail).toContain('the validation file is never changed');
    expect(f.rows).toEqual({ count: 1, positions: [5] });
    // CSV rows count the header as row 1.
    expect(f.details).toEqual([
      { row: 5, label: row(5).completion, suggested: null, confidence: null, group: 1, validationRow: 4 },
    ]);
    expect(f.preview).toEqual([
      { position: 5, before: pcView(row(5).prompt, row(5).completion), after: null },
    ]);
  });

  it('counts the validation rows once, groups the training rows, and previews the first five', async () => {
    // Lines 11 and 12 share a prompt; line 13 has no completion (removed, so never compared).
    const train = TRAIN.slice(0, 20).map((e, i) =>
      i === 11
        ? { ...e, prompt: row(11).prompt }
        : i === 12
          ? { prompt: fresh(9).prompt, completion: '' }
          : e,
    );
    const leaking = await analyzeRows(train, quiet);
    const vpath = await writeRows([row(1), fresh(0), row(2), row(3), row(4), fresh(1), row(11), fresh(9)]);
    const f = finding(await withValidationLeak(leaking, vpath), 'validation-leak');
    expect(f.message).toBe(`6 training lines near-copy 5 lines of the validation file ${vpath}`);
    expect(f.rows).toEqual({ count: 6, positions: [1, 2, 3, 4, 11, 12] });
    expect(f.details?.map((d) => [d.row, d.group, d.validationRow])).toEqual([
      [1, 1, 1],
      [2, 2, 3],
      [3, 3, 4],
      [4, 4, 5],
      [11, 5, 7],
      [12, 5, 7],
    ]);
    expect(f.preview.map((p) => p.position)).toEqual([1, 2, 3, 4, 11]);
    expect(f.preview[4]).toEqual({
      position: 11,
      before: pcView(row(11).prompt, row(11).completion),
      after: null,
    });
  });

  it('adds no finding when no validation row is near, and keeps the analysis as it was', async () => {
    const vpath = await writeRows([fresh(3), fresh(4)]);
    expect(await withValidationLeak(analysis, vpath)).toBe(analysis);
  });
});

describe('where the validation-leak finding goes among the others', () => {
  let analysis: Analysis;
  let vpath = '';
  beforeAll(async () => {
    analysis = await analyzeRows(TRAIN, quiet);
    vpath = await writeRows([row(7)]);
  });
  const stub = (id: string, kind: FindingKind): Finding => ({
    id,
    kind,
    message: id,
    detail: '',
    rows: { count: 0, positions: [] },
    preview: [],
  });
  const order = async (findings: Finding[]): Promise<string[]> =>
    (await withValidationLeak({ ...analysis, findings }, vpath)).findings.map((f) => f.id);

  it('goes after each fix that removes or moves rows', async () => {
    for (const id of [
      'duplicates',
      'long-examples',
      'likely-mislabelled',
      'conflicting-labels',
      'split-leak',
      'remove-invalid-examples',
      'remove-duplicates',
      'remove-over-limit',
    ])
      expect(await order([stub(id, 'optional'), stub('lowercase', 'optional')])).toEqual([
        id,
        'validation-leak',
        'lowercase',
      ]);
  });

  it('goes after the last of them, before the first optional fix without them, else last', async () => {
    expect(
      await order([
        stub('duplicates', 'optional'),
        stub('lowercase', 'optional'),
        stub('split-leak', 'optional'),
        stub('completion-ending', 'optional'),
      ]),
    ).toEqual(['duplicates', 'lowercase', 'split-leak', 'validation-leak', 'completion-ending']);
    expect(
      await order([
        stub('example-count', 'info'),
        stub('lowercase', 'optional'),
        stub('completion-ending', 'optional'),
      ]),
    ).toEqual(['example-count', 'validation-leak', 'lowercase', 'completion-ending']);
    expect(await order([stub('example-count', 'info'), stub('task-type', 'info')])).toEqual([
      'example-count',
      'task-type',
      'validation-leak',
    ]);
    expect(await order([stub('lowercase', 'optional')])).toEqual(['validation-leak', 'lowercase']);
    expect(await order([])).toEqual(['validation-leak']);
  });
});

describe('the validation files compared and refused', () => {
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyzeRows(TRAIN, quiet);
  });

  it('compares a file with a fault of the data as a whole (every prompt alike)', async () => {
    const vpath = await writeRows([row(9), row(9), row(9)]);
    const f = finding(await withValidationLeak(analysis, vpath), 'validation-leak');
    expect(f.message).toBe(`1 training line near-copies 1 line of the validation file ${vpath}`);
    expect(f.details?.[0]?.validationRow).toBe(1);
  });

  it('reads the validation file by the column names the training file was read by', async () => {
    const renamed = (e: Example) => ({ question: e.prompt, answer: e.completion });
    const columnMap = { prompt: 'question', completion: 'answer' };
    const mapped = await analyzeRows(TRAIN.slice(0, 20).map(renamed), { ...quiet, columnMap });
    const vpath = await writeRows([renamed(fresh(0)), renamed(row(8))]);
    const f = finding(await withValidationLeak(mapped, vpath), 'validation-leak');
    expect(f.details?.map((d) => [d.row, d.validationRow])).toEqual([[8, 2]]);
  });

  it('refuses a file whose rows cannot be read, naming it and why', async () => {
    const empty = await writeRows([]);
    await expect(withValidationLeak(analysis, empty)).rejects.toThrow(
      new RegExp(`^validation file: ${empty}: `),
    );
    const noPrompt = await writeRows([{ x: 1 }, { x: 2 }]);
    await expect(withValidationLeak(analysis, noPrompt)).rejects.toThrow(
      `validation file: ${noPrompt}: no "prompt" column`,
    );
  });

  it('refuses preference data beside prompt/completion data, naming both kinds', async () => {
    const preference = await writeRows([
      {
        input: { messages: [{ role: 'user', content: row(1).prompt }] },
        preferred_output: [{ role: 'assistant', content: 'a' }],
        non_preferred_output: [{ role: 'assistant', content: 'b' }],
      },
    ]);
    const error = await withValidationLeak(analysis, preference).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UserError);
    expect((error as Error).message).toBe(
      `${preference}: the validation file holds preference data, the training file prompt-completion data`,
    );
  });
});

describe('the validation-leak finding of chat data', () => {
  const chat = (e: Example, answer = true): unknown => ({
    messages: [
      { role: 'user', content: e.prompt },
      ...(answer ? [{ role: 'assistant', content: e.completion }] : []),
    ],
  });
  let analysis: Analysis;
  beforeAll(async () => {
    analysis = await analyzeRows(
      TRAIN.slice(0, 20).map((e) => chat(e)),
      quiet,
    );
  });

  it('previews the conversation before the answer and the answer', async () => {
    const f = finding(
      await withValidationLeak(analysis, await writeRows([chat(fresh(0)), chat(row(6))])),
      'validation-leak',
    );
    expect(f.rows.positions).toEqual([6]);
    expect(f.details?.[0]?.validationRow).toBe(2);
    expect(f.preview).toEqual([
      { position: 6, before: pcView(`user: ${row(6).prompt}`, row(6).completion), after: null },
    ]);
  });

  it('compares a file whose examples all lack an answer (nothing to find), and refuses prompt/completion data', async () => {
    const unanswered = await writeRows([chat(row(6), false), chat(row(7), false)]);
    expect(await withValidationLeak(analysis, unanswered)).toBe(analysis);
    const pc = await writeRows([row(6)]);
    await expect(withValidationLeak(analysis, pc)).rejects.toThrow(
      `${pc}: the validation file holds prompt-completion data, the training file chat data`,
    );
  });
});
