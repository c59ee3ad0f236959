import { describe, expect, it } from 'vitest';
import { analyzeRows, cleanRows, finding, ids } from './helpers.js';

describe('checks 1–5', () => {
  it('counts the examples and advises a few hundred below 100', async () => {
    const analysis = await analyzeRows(cleanRows(3));
    expect(finding(analysis, 'example-count').message).toContain('3 examples');
    expect(finding(analysis, 'example-count').detail).toContain('few hundred');
    expect(ids(analysis, 'optional')).toEqual([]);
  });

  it('renames a column equal to prompt ignoring case, and errors without one', async () => {
    const renamed = await analyzeRows([
      { Prompt: 'a ->', completion: ' x\n' },
      { Prompt: 'b ->', completion: ' y\n' },
    ]);
    expect(ids(renamed, 'necessary')).toEqual(['column-name-case']);
    const missing = await analyzeRows([{ question: 'a', completion: ' x' }]);
    expect(missing.error?.id).toBe('missing-column');
    expect(missing.error?.message).toContain('"question"');
    // The first row comes along, so that mapping columns can show the example it makes.
    expect(missing.firstRow).toEqual({
      fields: [
        { label: 'question', text: 'a' },
        { label: 'completion', text: ' x' },
      ],
    });
  });

  it('uses a mapped column as the prompt', async () => {
    const analysis = await analyzeRows(
      [
        { question: 'a ->', completion: ' x\n' },
        { question: 'b ->', completion: ' y\n' },
      ],
      { columnMap: { prompt: 'question' } },
    );
    expect(analysis.error).toBeNull();
    expect(finding(analysis, 'column-name-case').message).toContain('"question" is used as prompt');
  });

  it('drops extra columns and removes rows with an empty completion, with their positions', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a ->', completion: ' x\n', id: 1 },
      { prompt: 'b ->', completion: '' },
      { prompt: 'c ->', completion: ' z\n' },
    ]);
    expect(ids(analysis, 'necessary')).toEqual(['extra-columns', 'empty-completions']);
    expect(finding(analysis, 'empty-completions').rows).toEqual({ count: 1, positions: [2] });
    expect(finding(analysis, 'empty-completions').preview[0]?.after).toBeNull();
    expect(analysis.examples).toBe(2);
  });

  it('reports objects where text is expected and removes those rows (§4)', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a ->', completion: ' x\n' },
      { prompt: { nested: 1 }, completion: ' y' },
      { prompt: 'c ->', completion: ' z\n' },
    ]);
    expect(finding(analysis, 'non-text-values').rows.positions).toEqual([2]);
    expect(analysis.examples).toBe(2);
  });

  it('infers the task type', async () => {
    expect((await analyzeRows(cleanRows(4))).taskType).toBe('conditional generation');
    const open = await analyzeRows([
      { prompt: '', completion: ' a' },
      { prompt: '', completion: ' b' },
    ]);
    expect(open.taskType).toBe('open-ended generation');
    const labels = Array.from({ length: 9 }, (_, i) => ({
      prompt: `t ${i} ->`,
      completion: i % 2 ? ' yes' : ' no',
    }));
    const classification = await analyzeRows(labels);
    expect(classification.taskType).toBe('classification');
    expect(classification.classification).toEqual({ nClasses: 2, positiveClass: ' no' });
  });
});

describe('checks 6–14', () => {
  it('proposes removing later duplicates only', async () => {
    const rows = cleanRows(3);
    const analysis = await analyzeRows([...rows, rows[1], rows[1]]);
    expect(finding(analysis, 'duplicates').rows.positions).toEqual([4, 5]);
  });

  it('proposes removing examples over 10,000 code points, not UTF-16 units', async () => {
    const emoji = '😀'.repeat(5_000); // 10,000 UTF-16 units but 5,000 code points
    const short = await analyzeRows([...cleanRows(2), { prompt: 'p ->', completion: ` ${emoji}\n` }]);
    expect(ids(short)).not.toContain('long-examples');
    const long = await analyzeRows([
      ...cleanRows(2),
      { prompt: 'p ->', completion: ` ${'x'.repeat(10_000)}\n` },
    ]);
    expect(finding(long, 'long-examples').rows.positions).toEqual([3]);
  });

  it('flags mostly uppercase prompts and completions (2 × upper > lower)', async () => {
    const analysis = await analyzeRows([
      { prompt: 'ABc ->', completion: ' abcdefgh\n' },
      { prompt: 'DEf ->', completion: ' ABC\n' },
    ]);
    expect(ids(analysis, 'optional')).toContain('uppercase-prompts');
    expect(ids(analysis, 'optional')).not.toContain('uppercase-completions');
  });

  it('chooses the first separator no prompt contains, skipping " ->" when a prompt has a newline', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a\nb', completion: ' x\n' },
      { prompt: 'c \n\n###\n\n d', completion: ' y\n' },
    ]);
    expect(analysis.separator).toBe('\n\n===\n\n');
    expect(finding(analysis, 'prompt-separator').kind).toBe('optional');
  });

  it('reports an existing common prompt suffix as info, noting repeats', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a ## b ##', completion: ' x\n' },
      { prompt: 'c ##', completion: ' y\n' },
    ]);
    expect(finding(analysis, 'prompt-separator').kind).toBe('info');
    expect(finding(analysis, 'prompt-separator').detail).toContain('more than once');
  });

  it('stops on identical prompts and on identical completions', async () => {
    expect(
      (
        await analyzeRows([
          { prompt: 'same', completion: ' a' },
          { prompt: 'same', completion: ' b' },
        ])
      ).error?.id,
    ).toBe('identical-prompts');
    const rows = Array.from({ length: 2 }, (_, i) => ({ prompt: `p${i} ->`, completion: ' same\n' }));
    expect((await analyzeRows(rows)).error?.id).toBe('identical-completions');
  });

  it('proposes removing a prompt prefix longer than 12 characters, and only informs below', async () => {
    const long = await analyzeRows([
      { prompt: 'Classify this text: a ->', completion: ' x\n' },
      { prompt: 'Classify this text: b ->', completion: ' y\n' },
    ]);
    expect(finding(long, 'prompt-prefix').kind).toBe('optional');
    const short = await analyzeRows([
      { prompt: 'Q: a ->', completion: ' x\n' },
      { prompt: 'Q: b ->', completion: ' y\n' },
    ]);
    expect(finding(short, 'prompt-prefix').kind).toBe('info');
  });

  it('proposes removing a completion prefix of 5 or more characters', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a ->', completion: ' Answer: one\n' },
      { prompt: 'b ->', completion: ' Answer: two\n' },
    ]);
    expect(finding(analysis, 'completion-prefix').preview[0]?.after?.fields[1]?.text).toBe(' one\n');
  });

  it('chooses the first ending no completion contains', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a ->', completion: ' one\ntwo.' },
      { prompt: 'b ->', completion: ' three END' },
    ]);
    expect(finding(analysis, 'completion-ending').kind).toBe('optional');
    expect(analysis.stop).toBe('***');
  });

  it('proposes a leading space where completions lack one', async () => {
    const analysis = await analyzeRows([
      { prompt: 'a ->', completion: 'x\n' },
      { prompt: 'b ->', completion: ' y\n' },
    ]);
    expect(finding(analysis, 'completion-leading-space').rows.positions).toEqual([1]);
  });

  it('keeps the check order whatever fires', async () => {
    const analysis = await analyzeRows([
      { prompt: 'AAA', completion: 'BBB' },
      { prompt: 'AAA', completion: 'BBB' },
      { prompt: 'CCC', completion: 'DDD' },
    ]);
    expect(ids(analysis)).toEqual([
      'example-count',
      'task-type',
      'duplicates',
      'uppercase-prompts',
      'uppercase-completions',
      'prompt-separator',
      'completion-ending',
      'completion-leading-space',
    ]);
  });
});
