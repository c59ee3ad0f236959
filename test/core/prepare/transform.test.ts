import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/findings.js';
import { activeFixes, RowTransformer } from '../../../src/core/prepare/transform.js';
import type { Analysis, PromptCompletionPlan } from '../../../src/core/prepare/types.js';

// The row transformer alone: each accepted fix on each side of its guard, fed rows directly.

function plan(over: Partial<PromptCompletionPlan> = {}): PromptCompletionPlan {
  return {
    kind: 'prompt-completion',
    promptColumn: 'prompt',
    completionColumn: 'completion',
    separator: ' ->',
    ending: '\n',
    promptPrefixLength: 0,
    completionPrefixLength: 0,
    completionPrefixSpace: false,
    duplicates: [],
    tokenSample: [],
    rows: 10,
    ...over,
  };
}

/** The texts a row becomes, or null when it is removed. */
function run(t: RowTransformer, position: number, prompt: string, completion: string) {
  if (!t.apply(position, prompt, completion)) return null;
  return { prompt: t.prompt, completion: t.completion, modified: t.modified, relabelled: t.relabelled };
}

describe('activeFixes', () => {
  it('keeps only the optional findings the user accepted', () => {
    const finding = (id: string, kind: Finding['kind']) =>
      ({ id, kind, message: '', detail: '', rows: { count: 1, positions: [1] } }) as unknown as Finding;
    const analysis = {
      findings: [
        finding('duplicates', 'optional'),
        finding('long-examples', 'optional'),
        finding('missing-values', 'necessary'),
        finding('few-examples', 'info'),
      ],
    } as unknown as Analysis;
    const fixes = activeFixes(analysis, new Set(['duplicates', 'missing-values', 'few-examples', 'other']));
    expect([...fixes]).toEqual(['duplicates']);
    expect([...activeFixes(analysis, new Set())]).toEqual([]);
  });
});

describe('RowTransformer', () => {
  it('leaves a row alone when no fix is accepted', () => {
    const t = new RowTransformer(plan(), new Set());
    expect(run(t, 1, 'Hello', 'World')).toEqual({
      prompt: 'Hello',
      completion: 'World',
      modified: false,
      relabelled: false,
    });
    expect([t.promptCore, t.promptTail, t.completionHead, t.completionCore, t.completionTail]).toEqual([
      'Hello',
      '',
      '',
      'World',
      '',
    ]);
  });

  it('appends the separator and the ending as tails, only when their fixes are accepted', () => {
    const t = new RowTransformer(plan(), new Set(['prompt-separator', 'completion-ending']));
    expect(run(t, 1, 'a', ' b')).toEqual({
      prompt: 'a ->',
      completion: ' b\n',
      modified: true,
      relabelled: false,
    });
    expect([t.promptCore, t.promptTail, t.completionCore, t.completionTail]).toEqual([
      'a',
      ' ->',
      ' b',
      '\n',
    ]);
    const onlyEnding = new RowTransformer(plan(), new Set(['completion-ending']));
    expect(run(onlyEnding, 1, 'a', ' b')?.prompt).toBe('a');
    expect(run(onlyEnding, 1, 'a', ' b')?.completion).toBe(' b\n');
    const onlySeparator = new RowTransformer(plan(), new Set(['prompt-separator']));
    expect(run(onlySeparator, 1, 'a', ' b')).toMatchObject({
      prompt: 'a ->',
      completion: ' b',
      modified: true,
    });
  });

  it('removes the rows dropped by hand, and only those', () => {
    const t = new RowTransformer(plan(), new Set(), new Set([2, 4]));
    expect([1, 2, 3, 4, 5].map((p) => t.apply(p, 'x', 'y'))).toEqual([true, false, true, false, true]);
  });

  it('removes the later copies with one cursor over ascending positions, only when duplicates is accepted', () => {
    const dups = plan({ duplicates: Uint32Array.from([3, 5, 9]) });
    const t = new RowTransformer(dups, new Set(['duplicates']));
    const kept = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].filter((p) => t.apply(p, 'x', 'y'));
    expect(kept).toEqual([1, 2, 4, 6, 7, 8, 10]);
    // Positions skipped in the source (removed earlier) still move the cursor past smaller copies.
    const sparse = new RowTransformer(dups, new Set(['duplicates']));
    expect([4, 9, 10].map((p) => sparse.apply(p, 'x', 'y'))).toEqual([true, false, true]);
    const off = new RowTransformer(dups, new Set());
    expect([3, 5, 9].map((p) => off.apply(p, 'x', 'y'))).toEqual([true, true, true]);
  });

  it('removes examples over 10,000 code points together, not UTF-16 units, only when long-examples is accepted', () => {
    const t = new RowTransformer(plan(), new Set(['long-examples']));
    expect(t.apply(1, 'a'.repeat(5000), 'b'.repeat(5000))).toBe(true);
    expect(t.apply(2, 'a'.repeat(5000), 'b'.repeat(5001))).toBe(false);
    expect(t.apply(3, 'a'.repeat(10_001), '')).toBe(false);
    // 6,000 emoji are 12,000 units but 6,000 code points: kept.
    expect(t.apply(4, '😀'.repeat(6000), 'b')).toBe(true);
    // 10,001 units but exactly 10,000 code points: kept; one code point more: removed.
    expect(t.apply(5, `😀${'a'.repeat(9998)}`, 'b')).toBe(true);
    expect(t.apply(6, `😀${'a'.repeat(9999)}`, 'b')).toBe(false);
    const off = new RowTransformer(plan(), new Set());
    expect(off.apply(2, 'a'.repeat(5000), 'b'.repeat(5001))).toBe(true);
  });

  it('lowercases prompts and completions separately', () => {
    const p = new RowTransformer(plan(), new Set(['uppercase-prompts']));
    expect(run(p, 1, 'HELLO', 'WORLD')).toMatchObject({
      prompt: 'hello',
      completion: 'WORLD',
      modified: true,
    });
    const c = new RowTransformer(plan(), new Set(['uppercase-completions']));
    expect(run(c, 1, 'HELLO', 'WORLD')).toMatchObject({
      prompt: 'HELLO',
      completion: 'world',
      modified: true,
    });
    // Already lowercase: nothing changes, so the row is not modified.
    expect(run(c, 2, 'HELLO', 'world')).toMatchObject({ completion: 'world', modified: false });
  });

  it('cuts the common prompt prefix from the core, or from core and tail when the core is shorter', () => {
    const t = new RowTransformer(
      plan({ promptPrefixLength: 3 }),
      new Set(['prompt-prefix', 'prompt-separator']),
    );
    expect(run(t, 1, 'Q: what', 'x')).toMatchObject({ prompt: 'what ->', modified: true });
    expect([t.promptCore, t.promptTail]).toEqual(['what', ' ->']);
    // A core of two code points loses them and one of the tail's, and the tail is folded in.
    expect(run(t, 2, 'Q:', 'x')?.prompt).toBe('->');
    expect([t.promptCore, t.promptTail]).toEqual(['->', '']);
    // Exactly the prefix: the core is emptied, the tail stays whole.
    expect(run(t, 3, 'Q: ', 'x')?.prompt).toBe(' ->');
    expect([t.promptCore, t.promptTail]).toEqual(['', ' ->']);
    // Code points, not units: an emoji prefix counts once.
    const emoji = new RowTransformer(plan({ promptPrefixLength: 1 }), new Set(['prompt-prefix']));
    expect(run(emoji, 1, '😀hi', 'x')?.prompt).toBe('hi');
    // A prefix length of 0 cuts nothing; the fix not accepted cuts nothing.
    const zero = new RowTransformer(plan(), new Set(['prompt-prefix']));
    expect(run(zero, 1, 'Q: what', 'x')).toMatchObject({ prompt: 'Q: what', modified: false });
    const off = new RowTransformer(plan({ promptPrefixLength: 3 }), new Set());
    expect(run(off, 1, 'Q: what', 'x')?.prompt).toBe('Q: what');
  });

  it('cuts the common completion prefix and puts back the space it held', () => {
    const spaced = new RowTransformer(
      plan({ completionPrefixLength: 4, completionPrefixSpace: true }),
      new Set(['completion-prefix']),
    );
    expect(run(spaced, 1, 'p', ' A: yes')).toMatchObject({ completion: ' yes', modified: true });
    expect([spaced.completionHead, spaced.completionCore]).toEqual([' ', 'yes']);
    const bare = new RowTransformer(
      plan({ completionPrefixLength: 2 }),
      new Set(['completion-prefix', 'completion-ending']),
    );
    expect(run(bare, 1, 'p', 'A:yes')?.completion).toBe('yes\n');
    expect([bare.completionHead, bare.completionCore, bare.completionTail]).toEqual(['', 'yes', '\n']);
    // A completion shorter than the prefix takes from the ending.
    expect(run(bare, 2, 'p', 'A')?.completion).toBe('');
    expect(bare.completionTail).toBe('');
  });

  it('puts a leading space in front of completions that lack one, and only those', () => {
    const t = new RowTransformer(plan(), new Set(['completion-leading-space', 'completion-ending']));
    expect(run(t, 1, 'p', 'yes')).toMatchObject({ completion: ' yes\n', modified: true });
    expect(t.completionHead).toBe(' ');
    expect(run(t, 2, 'p', ' yes')).toMatchObject({ completion: ' yes\n' });
    expect(t.completionHead).toBe('');
    // An empty completion is judged by its ending.
    expect(run(t, 3, 'p', '')?.completion).toBe(' \n');
    const spaceEnding = new RowTransformer(
      plan({ ending: ' END' }),
      new Set(['completion-leading-space', 'completion-ending']),
    );
    expect(run(spaceEnding, 1, 'p', '')?.completion).toBe(' END');
    // The completion prefix's space is not doubled.
    const both = new RowTransformer(
      plan({ completionPrefixLength: 2, completionPrefixSpace: true }),
      new Set(['completion-prefix', 'completion-leading-space']),
    );
    expect(run(both, 1, 'p', ' :yes')?.completion).toBe(' yes');
    // Without the fix, nothing is added.
    const off = new RowTransformer(plan(), new Set());
    expect(run(off, 1, 'p', 'yes')?.completion).toBe('yes');
  });

  it('relabels from the accepted quality fixes; the group majority wins over the model; a label given by hand wins over both', () => {
    const quality = {
      mislabelled: new Map([
        [1, 'cat'],
        [2, 'dog'],
      ]),
      conflicting: new Map([
        [2, 'bird'],
        [3, 'fish'],
      ]),
      groups: new Map<number, number>(),
    };
    const both = new RowTransformer(
      plan({ quality }),
      new Set(['likely-mislabelled', 'conflicting-labels']),
      new Set(),
      new Map([[3, 'mine']]),
    );
    expect(run(both, 1, 'p', 'dog')).toMatchObject({ completion: 'cat', relabelled: true, modified: true });
    expect(run(both, 2, 'p', 'dog')).toMatchObject({ completion: 'bird', relabelled: true });
    expect(run(both, 3, 'p', 'dog')).toMatchObject({ completion: 'mine', relabelled: true });
    expect(run(both, 4, 'p', 'dog')).toMatchObject({ completion: 'dog', relabelled: false, modified: false });
    // The same label as the row's: not relabelled, not modified.
    expect(run(both, 1, 'p', 'cat')).toMatchObject({ completion: 'cat', relabelled: false, modified: false });
    const mislabelledOnly = new RowTransformer(plan({ quality }), new Set(['likely-mislabelled']));
    expect(run(mislabelledOnly, 2, 'p', 'x')?.completion).toBe('dog');
    expect(run(mislabelledOnly, 3, 'p', 'x')?.completion).toBe('x');
    const conflictingOnly = new RowTransformer(plan({ quality }), new Set(['conflicting-labels']));
    expect(run(conflictingOnly, 1, 'p', 'x')?.completion).toBe('x');
    expect(run(conflictingOnly, 3, 'p', 'x')?.completion).toBe('fish');
    // No quality plan: nothing to relabel, the hand-given label still applies.
    const chosen = new RowTransformer(
      plan(),
      new Set(['likely-mislabelled']),
      new Set(),
      new Map([[5, 'z']]),
    );
    expect(run(chosen, 5, 'p', 'x')?.completion).toBe('z');
    expect(run(chosen, 1, 'p', 'x')?.completion).toBe('x');
  });

  it('relabels before lowercasing and before the completion fixes', () => {
    const quality = { mislabelled: new Map([[1, 'CAT']]), conflicting: new Map(), groups: new Map() };
    const t = new RowTransformer(
      plan({ quality }),
      new Set(['likely-mislabelled', 'uppercase-completions', 'completion-leading-space']),
    );
    expect(run(t, 1, 'p', 'dog')).toMatchObject({ completion: ' cat', relabelled: true });
  });
});
