import { writeFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { analyzeFile, type AnalyzeOptions } from '../../../src/core/prepare/index.js';
import { quotedNames } from '../../../src/core/prepare/checks-table.js';
import { analyzeRows, cleanRows, finding, ids, writeRows } from './helpers.js';

// Checks 1–4 word for word (docs/prepare-checks.md): the example count at its boundary, the columns
// renamed and left out, the rows removed and why, and the errors that stop the analysis, each naming
// the file and the first row at fault.

const FAST: AnalyzeOptions = { deferTokens: true, quality: false };

describe('the example count', () => {
  it('advises a few hundred examples below 100, and only says more is better from 100 on', async () => {
    const few = finding(await analyzeRows(cleanRows(99), FAST), 'example-count');
    expect(few).toMatchObject({
      kind: 'info',
      message: 'The file holds 99 examples.',
      detail:
        'Fine-tuning works best with at least a few hundred examples; quality tends to grow with every doubling.',
    });
    const hundred = finding(await analyzeRows(cleanRows(100), FAST), 'example-count');
    expect(hundred).toMatchObject({
      message: 'The file holds 100 examples.',
      detail: 'Quality tends to grow with every doubling of the number of good examples.',
    });
    expect(finding(await analyzeRows(cleanRows(1), FAST), 'example-count').message).toBe(
      'The file holds 1 example.',
    );
  });

  it('stops on a file with no rows, naming it', async () => {
    const path = await writeRows([], 'csv');
    await writeFile(path, 'prompt,completion\n');
    const analysis = await analyzeFile(path, FAST);
    expect(analysis.error).toMatchObject({
      id: 'no-examples',
      message: `${path}: no examples found (the file is empty or has only a header)`,
    });
  });
});

describe('the task type', () => {
  it('names the task and says what the model learns for each', async () => {
    const labels = Array.from({ length: 30 }, (_, i) => ({
      prompt: `ticket ${i} ->`,
      completion: i % 2 ? ' yes' : ' no',
    }));
    expect(finding(await analyzeRows(labels, FAST), 'task-type')).toMatchObject({
      kind: 'info',
      message: 'This looks like classification.',
      detail:
        'The completions take 2 distinct values. A small, inexpensive model is usually enough for classification, and holding out a validation set measures how well it does.',
    });
    expect(finding(await analyzeRows(cleanRows(3), FAST), 'task-type')).toMatchObject({
      message: 'This looks like conditional generation.',
      detail: 'The model learns to write a completion for each prompt.',
    });
    const open = [
      { prompt: '', completion: ' one story\n' },
      { prompt: '', completion: ' another\n' },
    ];
    expect(finding(await analyzeRows(open, FAST), 'task-type')).toMatchObject({
      message: 'This looks like open-ended generation.',
      detail: 'Every prompt is empty: the model learns to write text like the completions.',
    });
  });
});

describe('the columns', () => {
  it('names each column used under another name', async () => {
    const analysis = await analyzeRows(
      [
        { PROMPT: 'a ->', Completion: ' x\n' },
        { PROMPT: 'b ->', Completion: ' y\n' },
      ],
      FAST,
    );
    expect(finding(analysis, 'column-name-case')).toMatchObject({
      kind: 'necessary',
      message: 'Column "PROMPT" is used as prompt; "Completion" is used as completion.',
      detail:
        'Fine-tuning data needs fields named exactly "prompt" and "completion"; the columns are renamed in the prepared file.',
      rows: { count: 2, positions: [1, 2] },
    });
    const one = await analyzeRows(
      [
        { prompt: 'a ->', Completion: ' x\n' },
        { prompt: 'b ->', Completion: ' y\n' },
      ],
      FAST,
    );
    expect(finding(one, 'column-name-case').message).toBe('Column "Completion" is used as completion.');
  });

  it('names the columns left out, the first ten of many', async () => {
    const one = await analyzeRows(
      cleanRows(2).map((r) => ({ ...r, id: 1 })),
      FAST,
    );
    expect(finding(one, 'extra-columns')).toMatchObject({
      message: '1 extra column will be left out: "id".',
      detail: 'Only the prompt and the completion are used for training; other columns are not written.',
      rows: { count: 2, positions: [1, 2] },
    });
    expect(finding(one, 'extra-columns').preview[0]?.after?.fields.map((f) => f.label)).toEqual([
      'prompt',
      'completion',
    ]);
    const wide = Object.fromEntries(Array.from({ length: 12 }, (_, i) => [`c${i}`, 'x']));
    const many = await analyzeRows(
      cleanRows(2).map((r) => ({ ...r, ...wide })),
      FAST,
    );
    expect(finding(many, 'extra-columns').message).toBe(
      '12 extra columns will be left out: "c0", "c1", "c2", "c3", "c4", "c5", "c6", "c7", "c8", "c9", and 2 more.',
    );
    expect(quotedNames(['a', 'b'])).toBe('"a", "b"');
    expect(quotedNames(['a', 'b'], 2)).toBe('"a", "b"');
    expect(quotedNames(['a', 'b', 'c'], 2)).toBe('"a", "b", and 1 more');
    expect(
      quotedNames(
        Array.from({ length: 1002 }, (_, i) => `k${i}`),
        1,
      ),
    ).toBe('"k0", and 1,001 more');
  });

  it('stops without a prompt or a completion column, listing the columns there are', async () => {
    const path = await writeRows([{ question: 'a', completion: ' x' }]);
    const prompt = await analyzeFile(path, FAST);
    expect(prompt.error?.message).toBe(
      `${path}: no "prompt" column (columns: "question", "completion"); name one "prompt" or map it with --prompt-column`,
    );
    const completion = await analyzeRows([{ prompt: 'a', answer: 'x' }], FAST);
    expect(completion.error?.message).toMatch(
      /: no "completion" column \(columns: "prompt", "answer"\); name one "completion" or map it with --completion-column$/,
    );
  });
});

describe('the rows removed', () => {
  it('counts the rows holding a list or an object, in agreeing words', async () => {
    const one = await analyzeRows([...cleanRows(3), { prompt: ['a'], completion: ' x' }], FAST);
    expect(finding(one, 'non-text-values')).toMatchObject({
      kind: 'necessary',
      message: '1 line holds a list or an object where text is expected; it is removed.',
      detail: 'A prompt or completion must be text. These rows cannot be turned into training examples.',
      rows: { count: 1, positions: [4] },
    });
    expect(finding(one, 'non-text-values').preview).toHaveLength(1);
    const two = await analyzeRows(
      [{ prompt: 'a', completion: { x: 1 } }, ...cleanRows(3), { prompt: ['a'], completion: ' x' }],
      FAST,
    );
    expect(finding(two, 'non-text-values').message).toBe(
      '2 lines hold a list or an object where text is expected; they are removed.',
    );
  });

  it('counts the rows with an empty completion, in agreeing words', async () => {
    const one = await analyzeRows([...cleanRows(3), { prompt: 'q ->', completion: '' }], FAST);
    expect(finding(one, 'empty-completions')).toMatchObject({
      message: '1 line has an empty completion; it is removed.',
      detail: 'An example without a completion teaches the model nothing.',
      rows: { count: 1, positions: [4] },
    });
    const two = await analyzeRows(
      [{ prompt: 'q ->', completion: '' }, ...cleanRows(3), { prompt: 'r ->' }],
      FAST,
    );
    expect(finding(two, 'empty-completions').message).toBe(
      '2 lines have an empty completion; they are removed.',
    );
    expect(ids(two, 'necessary')).toEqual(['empty-completions']);
  });

  it('stops when no row is left, saying why with the first row of each reason', async () => {
    const path = await writeRows([
      { prompt: 'a', completion: '' },
      { prompt: 'b', completion: [1] },
      { prompt: 'c', completion: '' },
      { prompt: { d: 1 }, completion: 'x' },
    ]);
    const analysis = await analyzeFile(path, FAST);
    expect(analysis.error).toMatchObject({ id: 'no-examples', position: 1 });
    expect(analysis.error?.message).toBe(
      `${path}: no examples left once the rows that cannot be used are removed: 2 lines hold a list or an object where text is expected (first: line 2: the completion is a list); 2 lines have an empty completion (first: line 1)`,
    );
    const single = await writeRows([{ prompt: 'a', completion: { x: 1 } }]);
    const one = await analyzeFile(single, FAST);
    expect(one.error).toMatchObject({ id: 'no-examples', position: 1 });
    expect(one.error?.message).toBe(
      `${single}: no examples left once the rows that cannot be used are removed: 1 line holds a list or an object where text is expected (first: line 1: the completion is an object)`,
    );
    const empty = await writeRows([
      { prompt: 'a', completion: '' },
      { prompt: 'b', completion: '' },
    ]);
    expect((await analyzeFile(empty, FAST)).error?.message).toBe(
      `${empty}: no examples left once the rows that cannot be used are removed: 2 lines have an empty completion (first: line 1)`,
    );
  });
});
