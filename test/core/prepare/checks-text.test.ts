import { describe, expect, it } from 'vitest';
import type { AnalyzeOptions } from '../../../src/core/prepare/index.js';
import { analyzeRows, finding, ids } from './helpers.js';

// What each text check tells the user, word for word and at its boundary (docs/prepare-checks.md,
// checks 6–14): the counts in its message, the kind (a fix offered or only information), the notes.

const FAST: AnalyzeOptions = { deferTokens: true, quality: false };
const rows = (prompts: string[], completions: string[]) =>
  prompts.map((prompt, i) => ({ prompt, completion: completions[i] ?? '' }));

describe('the counted fixes', () => {
  it('counts one repeated example, or several, in agreeing words', async () => {
    const one = await analyzeRows(rows(['a ->', 'b ->', 'a ->'], [' x\n', ' y\n', ' x\n']), FAST);
    expect(finding(one, 'duplicates')).toMatchObject({
      kind: 'optional',
      message: '1 line repeats an earlier example exactly.',
      detail:
        'Duplicates weigh some examples more than others. The fix keeps the first copy and removes the later ones.',
      rows: { count: 1, positions: [3] },
    });
    expect(finding(one, 'duplicates').preview.map((p) => [p.position, p.after])).toEqual([[3, null]]);
    const two = await analyzeRows(
      rows(['a ->', 'a ->', 'b ->', 'a ->'], [' x\n', ' x\n', ' y\n', ' x\n']),
      FAST,
    );
    expect(finding(two, 'duplicates').message).toBe('2 lines repeat an earlier example exactly.');
    const long = 'w'.repeat(10_001);
    const longs = await analyzeRows(
      rows([`${long}a ->`, `${long}b ->`, 'c ->'], [' 1\n', ' 2\n', ' 3\n']),
      FAST,
    );
    expect(finding(longs, 'long-examples').message).toBe(
      '2 examples exceed 10,000 characters (prompt and completion together).',
    );
  });

  it('counts the examples over 10,000 characters, prompt and completion together', async () => {
    const long = 'w'.repeat(9_990);
    const analysis = await analyzeRows(
      rows([`${long} ->`, `${long}xxxxxxx ->`, 'c ->'], [' 1234\n', ' 1\n', ' 2\n']),
      FAST,
    );
    // 9,993 + 6 = 9,999 is not long; 10,000 + 3 = 10,003 is.
    expect(finding(analysis, 'long-examples')).toMatchObject({
      kind: 'optional',
      message: '1 example exceeds 10,000 characters (prompt and completion together).',
      detail:
        'Examples this long may go past the model’s context and be cut in training. The fix removes them.',
      rows: { count: 1, positions: [2] },
    });
  });

  it('counts the completions without a leading space', async () => {
    const analysis = await analyzeRows(rows(['a ->', 'b ->', 'c ->'], ['x\n', 'y\n', ' z\n']), FAST);
    expect(finding(analysis, 'completion-leading-space')).toMatchObject({
      kind: 'optional',
      message: '2 completions do not start with a space.',
      detail:
        'The tokenizer joins a word to the space before it; starting every completion with a space gives better results. The fix adds one where it is missing.',
      rows: { count: 2, positions: [1, 2] },
    });
    expect(finding(analysis, 'completion-leading-space').preview[0]?.after?.fields[1]?.text).toBe(' x\n');
    const one = await analyzeRows(rows(['a ->', 'b ->'], ['x\n', ' y\n']), FAST);
    expect(finding(one, 'completion-leading-space').message).toBe(
      '1 completion does not start with a space.',
    );
    const none = await analyzeRows(rows(['a ->', 'b ->'], [' x\n', ' y\n']), FAST);
    expect(ids(none)).not.toContain('completion-leading-space');
  });
});

describe('uppercase text', () => {
  it('flags a field only when its uppercase letters are more than half its lowercase ones', async () => {
    // Prompts: 3 upper, 6 lower (2 × 3 = 6, not more): no. Completions: 4 upper, 5 lower: yes.
    const analysis = await analyzeRows(rows(['ABc def ->', 'Cgh ->'], [' ABxyz\n', ' CDab\n']), FAST);
    expect(ids(analysis, 'optional')).not.toContain('uppercase-prompts');
    expect(finding(analysis, 'uppercase-completions')).toMatchObject({
      message: 'The completions are mostly uppercase (4 uppercase letters, 5 lowercase letters).',
      detail:
        'Text in capitals splits into more, rarer tokens and is harder to learn from. The fix lowercases every completion.',
      rows: { count: 2 },
    });
    expect(finding(analysis, 'uppercase-completions').preview[0]?.after?.fields[1]?.text).toBe(' abxyz\n');
    const prompts = await analyzeRows(rows(['AB ->', 'Ca ->'], [' x\n', ' y\n']), FAST);
    expect(finding(prompts, 'uppercase-prompts')).toMatchObject({
      message: 'The prompts are mostly uppercase (3 uppercase letters, 1 lowercase letter).',
    });
    expect(finding(prompts, 'uppercase-prompts').preview[0]?.after?.fields[0]?.text).toBe('ab ->');
  });
});

describe('the separator and the ending', () => {
  it('offers a separator when the prompts share no ending, and names it', async () => {
    const analysis = await analyzeRows(rows(['a', 'b'], [' x\n', ' y\n']), FAST);
    expect(finding(analysis, 'prompt-separator')).toMatchObject({
      kind: 'optional',
      message: 'The prompts do not end with a common separator.',
      detail:
        'A fixed separator at the end of each prompt tells the model where the completion begins. The fix appends " ->" to every prompt; end your prompts with it at inference too.',
    });
    expect(finding(analysis, 'prompt-separator').preview[1]?.after?.fields[0]?.text).toBe('b ->');
    expect(analysis.separator).toBe(' ->');
  });

  it('takes a common ending as the separator, notes a long one and one held twice', async () => {
    const plain = await analyzeRows(rows(['a ##', 'b ##'], [' x\n', ' y\n']), FAST);
    expect(finding(plain, 'prompt-separator')).toMatchObject({
      kind: 'info',
      message: 'Every prompt ends with " ##", which serves as the separator.',
      detail: 'Keep it at the end of each prompt at inference.',
    });
    expect(plain.separator).toBe(' ##');
    const long = await analyzeRows(rows(['a ==========>', 'b ==========>'], [' x\n', ' y\n']), FAST);
    expect(finding(long, 'prompt-separator').detail).toBe(
      'Keep it at the end of each prompt at inference. It is rather long; a shorter one such as " ->" would do.',
    );
    // Ten characters is not long.
    const ten = await analyzeRows(rows(['a ========>', 'b ========>'], [' x\n', ' y\n']), FAST);
    expect(finding(ten, 'prompt-separator').detail).toBe('Keep it at the end of each prompt at inference.');
    const twice = await analyzeRows(rows(['a ## b ##', 'c ##'], [' x\n', ' y\n']), FAST);
    expect(finding(twice, 'prompt-separator').detail).toBe(
      'Keep it at the end of each prompt at inference. Some prompts contain it more than once, which can confuse the model; consider a unique one.',
    );
  });

  it('offers an ending when the completions share none, and takes a common one as the stop sequence', async () => {
    const none = await analyzeRows(rows(['a ->', 'b ->'], [' x', ' y']), FAST);
    expect(finding(none, 'completion-ending')).toMatchObject({
      kind: 'optional',
      message: 'The completions do not end with a common ending.',
      detail:
        'A fixed ending lets inference stop exactly where an answer ends. The fix appends "\\n" to every completion; use it as the stop sequence.',
    });
    expect(finding(none, 'completion-ending').preview[0]?.after?.fields[1]?.text).toBe(' x\n');
    expect(none.stop).toBe('\n');
    const common = await analyzeRows(rows(['a ->', 'b ->'], [' x END', ' y END']), FAST);
    expect(finding(common, 'completion-ending')).toMatchObject({
      kind: 'info',
      message: 'Every completion ends with " END", which serves as the stop sequence.',
      detail: 'Keep it at the end of each completion at inference.',
    });
    expect(common.stop).toBe(' END');
  });

  it('gives classification no ending and open-ended generation neither separator nor long examples', async () => {
    const labels = Array.from({ length: 30 }, (_, i) => ({
      prompt: `ticket ${i} ->`,
      completion: i % 2 ? ' yes' : ' no',
    }));
    const classification = await analyzeRows(labels, FAST);
    expect(classification.taskType).toBe('classification');
    expect(ids(classification)).not.toContain('completion-ending');
    expect(classification.stop).toBeNull();
    const open = await analyzeRows(
      [
        { prompt: '', completion: ` ${'w'.repeat(10_001)}` },
        { prompt: '', completion: ' short' },
      ],
      FAST,
    );
    expect(open.taskType).toBe('open-ended generation');
    expect(ids(open)).not.toContain('long-examples');
    expect(ids(open)).not.toContain('prompt-separator');
    expect(ids(open)).not.toContain('completion-ending');
    expect([open.separator, open.stop, open.error]).toEqual([null, null, null]);
  });
});

describe('common starts', () => {
  it('offers to remove a prompt start of 13 characters or more, and only tells of a shorter one', async () => {
    const long = await analyzeRows(
      rows(['Classify: ab one ->', 'Classify: ab two ->'], [' x\n', ' y\n']),
      FAST,
    );
    expect(finding(long, 'prompt-prefix')).toMatchObject({
      kind: 'optional',
      message: 'Every prompt starts with "Classify: ab ".',
      detail:
        'Fine-tuned models do not need the instructions repeated in every example; the data itself teaches the task. The fix removes this prefix from every prompt.',
      rows: { count: 2 },
    });
    expect(finding(long, 'prompt-prefix').preview[0]?.after?.fields[0]?.text).toBe('one ->');
    const twelve = await analyzeRows(
      rows(['Classify: a one ->', 'Classify: a two ->'], [' x\n', ' y\n']),
      FAST,
    );
    expect(finding(twelve, 'prompt-prefix')).toMatchObject({
      kind: 'info',
      message: 'Every prompt starts with "Classify: a ".',
      detail: 'A short common start is harmless.',
      rows: { count: 0 },
      preview: [],
    });
  });

  it('offers to remove a completion start of 5 characters or more, keeping its leading space', async () => {
    const spaced = await analyzeRows(rows(['a ->', 'b ->'], [' Ans: one\n', ' Ans: two\n']), FAST);
    expect(finding(spaced, 'completion-prefix')).toMatchObject({
      kind: 'optional',
      message: 'Every completion starts with " Ans: ".',
      detail:
        'The model would spend its training learning to repeat this text. The fix removes it, keeping the leading space.',
    });
    expect(finding(spaced, 'completion-prefix').preview[0]?.after?.fields[1]?.text).toBe(' one\n');
    const bare = await analyzeRows(rows(['a ->', 'b ->'], ['Ans: one\n', 'Ans: two\n']), FAST);
    expect(finding(bare, 'completion-prefix').detail).toBe(
      'The model would spend its training learning to repeat this text. The fix removes it.',
    );
    expect(finding(bare, 'completion-prefix').preview[0]?.after?.fields[1]?.text).toBe('one\n');
    const four = await analyzeRows(rows(['a ->', 'b ->'], [' An one\n', ' An two\n']), FAST);
    expect(ids(four)).not.toContain('completion-prefix');
  });
});

describe('data that cannot teach', () => {
  it('stops on identical prompts or completions, showing the text', async () => {
    const prompts = await analyzeRows(rows(['same ->', 'same ->'], [' a\n', ' b\n']), FAST);
    expect(prompts.error).toMatchObject({
      id: 'identical-prompts',
      message: expect.stringContaining(
        'all prompts are identical ("same ->"); leave them empty for open-ended generation, or make them differ',
      ),
    });
    const completions = await analyzeRows(rows(['a ->', 'b ->'], [' same\n', ' same\n']), FAST);
    expect(completions.error).toMatchObject({
      id: 'identical-completions',
      message: expect.stringContaining(
        'all completions are identical (" same\\n"); the model would only learn to repeat it',
      ),
    });
  });
});
