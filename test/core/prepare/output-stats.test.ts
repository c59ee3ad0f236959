import { describe, expect, it } from 'vitest';
import { OutputStats } from '../../../src/core/prepare/pass2.js';

// What pass 2 tells about the rows it wrote: the counts, the classes of a classification set (and of
// each row, for the split), and the separator and stop sequence the prepared rows share.

/** Adds rows given as [prompt, completion] with no tails, none modified. */
function withRows(stats: OutputStats, rows: ReadonlyArray<readonly [string, string]>): OutputStats {
  for (const [prompt, completion] of rows) stats.add(prompt, '', '', completion, '', false);
  return stats;
}

describe('OutputStats counts', () => {
  it('counts the examples and the modified ones, and starts with no system prompt or positions', () => {
    const stats = new OutputStats(false);
    expect([stats.examples, stats.modified, stats.removed]).toEqual([0, 0, 0]);
    stats.add('a', '', '', 'x', '', true);
    stats.add('b', '', '', 'y', '', false);
    stats.add('c', '', '', 'z', '', true);
    expect([stats.examples, stats.modified, stats.removed]).toEqual([3, 2, 0]);
    expect(stats.systemPrompt).toBeNull();
    expect(stats.rowPositions).toBeNull();
  });
});

describe('OutputStats classes', () => {
  it('counts no classes unless asked to', () => {
    const stats = withRows(new OutputStats(false, true), [['a', ' yes']]);
    expect(stats.classification()).toBeNull();
    expect(stats.rowClasses).toBeNull();
    expect(stats.labels).toEqual([]);
  });

  it('names the classes of the written completions, head and tail included, and the positive one', () => {
    const stats = new OutputStats(true);
    stats.add('p1', ' ->', ' ', 'no', '\n', true);
    stats.add('p2', ' ->', ' ', 'yes', '\n', true);
    stats.add('p3', ' ->', ' ', 'yes', '\n', true);
    expect(stats.classification()).toEqual({ nClasses: 2, positiveClass: ' yes\n' });
    // Without a split the rows' classes are not kept.
    expect(stats.rowClasses).toBeNull();
    expect(stats.labels).toEqual([]);
  });

  it('keeps each row class as an index into the labels, in order of first appearance, for a split', () => {
    const stats = withRows(new OutputStats(true, true), [
      ['a', 'cat'],
      ['b', 'dog'],
      ['c', 'cat'],
      ['d', 'bird'],
      ['e', 'dog'],
    ]);
    expect(stats.labels).toEqual(['cat', 'dog', 'bird']);
    expect(stats.rowClasses).toEqual([0, 1, 0, 2, 1]);
    expect(stats.classification()).toEqual({ nClasses: 3, positiveClass: null });
  });
});

describe('OutputStats separator and stop', () => {
  it('is none before any row and for rows that share no ending', () => {
    expect([new OutputStats(false).separator, new OutputStats(false).stop]).toEqual([null, null]);
    const stats = withRows(new OutputStats(false), [
      ['abc', 'xyz'],
      ['abd', 'xyw'],
    ]);
    expect([stats.separator, stats.stop]).toEqual([null, null]);
  });

  it('is the common ending of every prompt and completion, one row alone giving its whole text', () => {
    const one = withRows(new OutputStats(false), [['question ->', ' answer END']]);
    expect([one.separator, one.stop]).toEqual(['question ->', ' answer END']);
    const stats = withRows(new OutputStats(false), [
      ['first ->', ' one END'],
      ['second ->', ' two END'],
      ['third\n->', ' three END'],
    ]);
    expect([stats.separator, stats.stop]).toEqual(['->', ' END']);
  });

  it('keeps shrinking the common ending row after row, and never grows it back', () => {
    const stats = withRows(new OutputStats(false), [
      ['aa ->', 'x\n'],
      ['bb ->', 'y\n'],
      ['cc =>', 'z\n'],
      ['dd ->', 'w\n'],
      ['ee >', 'v;'],
      ['ff ->', 'u\n'],
    ]);
    expect([stats.separator, stats.stop]).toEqual(['>', null]);
  });

  it('adds the tails every row gets after the common ending of the cores', () => {
    const stats = new OutputStats(false);
    stats.add('tell me a', ' ->', '', 'fact', '\n', true);
    stats.add('tell me b', ' ->', '', 'fiction', '\n', true);
    expect([stats.separator, stats.stop]).toEqual([' ->', '\n']);
    const shared = new OutputStats(false);
    shared.add('one ##', ' ->', '', 'x END', '\n', true);
    shared.add('two ##', ' ->', '', 'y END', '\n', true);
    expect([shared.separator, shared.stop]).toEqual([' ## ->', ' END\n']);
  });

  it('counts the leading space of an empty completion as its text, and ignores it otherwise', () => {
    const empty = new OutputStats(false);
    empty.add('a', '', ' ', '', '', true);
    empty.add('b', '', ' ', '', '', true);
    expect(empty.stop).toBe(' ');
    const cores = new OutputStats(false);
    cores.add('a', '', ' ', 'x.', '', true);
    cores.add('b', '', ' ', 'x.', '', true);
    expect(cores.stop).toBe('x.');
    const mixed = new OutputStats(false);
    mixed.add('a', '', ' ', 'x', '', true);
    mixed.add('b', '', ' ', '', '', true);
    expect(mixed.stop).toBeNull();
  });

  it('does not start the stop inside a surrogate pair', () => {
    const stats = withRows(new OutputStats(false), [
      ['p', 'a\u{1E600}!'],
      ['q', 'b\u{1F600}!'],
    ]);
    // U+1E600 and U+1F600 share their low surrogate (DE00): half a pair is not part of the stop.
    expect(stats.stop).toBe('!');
    const pairs = withRows(new OutputStats(false), [
      ['p', 'a\u{1F600}!'],
      ['q', 'b\u{1F600}!'],
    ]);
    expect(pairs.stop).toBe('\u{1F600}!');
  });

  it('drops a common ending that a later row only starts with', () => {
    const stats = withRows(new OutputStats(false), [
      ['END', 'x'],
      ['END of it', 'y'],
    ]);
    expect(stats.separator).toBeNull();
  });

  it('keeps an empty common ending once found, whatever comes after', () => {
    const stats = withRows(new OutputStats(false), [
      ['ab', 'x1'],
      ['cd', 'y2'],
      ['ab', 'x1'],
    ]);
    expect([stats.separator, stats.stop]).toEqual([null, null]);
  });
});
