import { describe, expect, it } from 'vitest';
import { FlatLine } from '../../../src/core/prepare/flat-line.js';
import { PromptCompletionPass } from '../../../src/core/prepare/pass1.js';
import { DataError } from '../../../src/core/read/errors.js';
import type { Source } from '../../../src/core/read/types.js';

// Pass 1 over prompt/completion rows as the readers hand them over (a record, a flat JSON line, a row
// of cells): what it keeps, what it removes and shows, and the facts the table checks read.

const NOTE = { id: 'json-lines', message: 'read as JSON Lines', detail: '' };

function source(header: readonly string[] = [], positionLabel: 'line' | 'row' = 'line'): Source {
  return { label: 'data.jsonl', positionLabel, header, notes: [NOTE] } as unknown as Source;
}

/** A flat JSON line, scanned. */
function flat(text: string): FlatLine {
  const line = new FlatLine();
  line.reset(text);
  expect(line.scan()).toBeGreaterThan(0);
  return line;
}

const texts = (view: { fields: ReadonlyArray<{ label: string; text: string }> } | null) =>
  view?.fields.map((f) => `${f.label}=${f.text}`).join(' ');

describe('pass 1 over records', () => {
  it('keeps text rows, removes non-text and empty ones, and counts every row read', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    pass.add(1, { prompt: 'p1', completion: 'c1', id: 1 });
    pass.add(2, { prompt: 'p2', completion: ['a'], id: 2 });
    pass.add(3, { prompt: 'p3', completion: '', id: 3 });
    pass.add(4, { prompt: { x: 1 }, completion: 'c4', id: 4 });
    pass.add(5, { prompt: 'p5', completion: 'c5', id: 5 });
    const { facts, stats, rescanWith } = pass.result();
    expect(stats.rows).toBe(2);
    expect(facts.rawRows).toBe(5);
    expect(facts.nonText.first()).toEqual([2, 4]);
    expect(facts.empty.first()).toEqual([3]);
    expect(facts.firstNonText).toBe('line 2: the completion is a list');
    expect(facts.previews.nonText.map((r) => [r.position, texts(r.before), r.after])).toEqual([
      [2, 'prompt=p2 completion=["a"] id=2', null],
      [4, 'prompt={"x":1} completion=c4 id=4', null],
    ]);
    expect(facts.previews.empty.map((r) => [r.position, texts(r.before), r.after])).toEqual([
      [3, 'prompt=p3 completion=', null],
    ]);
    expect([facts.label, facts.positionLabel, facts.notes]).toEqual(['data.jsonl', 'line', [NOTE]]);
    expect([facts.promptColumn, facts.completionColumn]).toEqual(['prompt', 'completion']);
    expect(facts.columns).toEqual(['prompt', 'completion', 'id']);
    expect(texts(facts.firstRow)).toBe('prompt=p1 completion=c1 id=1');
    // A list or an object is shown renamed as an empty text.
    expect(facts.previews.rename.map((r) => texts(r.after))).toEqual([
      'prompt=p1 completion=c1',
      'prompt=p2 completion=',
      'prompt=p3 completion=',
      'prompt= completion=c4',
      'prompt=p5 completion=c5',
    ]);
    expect(rescanWith).toBeNull();
  });

  it('names the first non-text row only, in the words of the position label', () => {
    const pass = new PromptCompletionPass(source([], 'row'), [], {});
    pass.add(7, { prompt: 'p', completion: { a: 1 } });
    pass.add(8, { prompt: ['x'], completion: 'c' });
    expect(pass.result().facts.firstNonText).toBe('row 7: the completion is an object');
  });

  it('shows the first five rows of each kind at most, and the first rows renamed and cut to the columns used', () => {
    const pass = new PromptCompletionPass(source(), [], { prompt: 'q', completion: 'a' });
    for (let i = 1; i <= 7; i++) pass.add(i, { q: `q${i}`, a: `a${i}`, extra: i });
    for (let i = 8; i <= 14; i++) pass.add(i, { q: `q${i}`, a: [i], extra: i });
    for (let i = 15; i <= 21; i++) pass.add(i, { q: `q${i}`, a: '', extra: i });
    const { facts } = pass.result();
    expect(facts.previews.nonText.map((r) => r.position)).toEqual([8, 9, 10, 11, 12]);
    expect(facts.previews.empty.map((r) => r.position)).toEqual([15, 16, 17, 18, 19]);
    const { rename, extra } = facts.previews;
    expect(rename.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(rename.map((r) => [texts(r.before), texts(r.after)])[0]).toEqual([
      'q=q1 a=a1',
      'prompt=q1 completion=a1',
    ]);
    expect(extra.map((r) => [texts(r.before), texts(r.after)])[1]).toEqual([
      'q=q2 a=a2 extra=2',
      'prompt=q2 completion=a2',
    ]);
  });

  it('shows a row without a completion column as an empty completion', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    pass.add(1, { prompt: 'only a prompt' });
    const { facts } = pass.result();
    expect(facts.completionColumn).toBeNull();
    expect(texts(facts.previews.rename[0]?.before ?? null)).toBe('prompt=only a prompt');
    expect(texts(facts.previews.rename[0]?.after ?? null)).toBe('prompt=only a prompt completion=');
    const none = new PromptCompletionPass(source(), [], {});
    none.add(1, { completion: 'only a completion' });
    expect(texts(none.result().facts.previews.rename[0]?.after ?? null)).toBe(
      'prompt= completion=only a completion',
    );
  });

  it('shows a row missing a column as empty, and the prompt and completion of a wide row', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    pass.add(1, { prompt: 'p', completion: 'c' });
    pass.add(2, { completion: 'c2' });
    pass.add(3, { prompt: 'p3' });
    const { rename } = pass.result().facts.previews;
    expect(texts(rename[1]?.after ?? null)).toBe('prompt= completion=c2');
    expect(texts(rename[2]?.after ?? null)).toBe('prompt=p3 completion=');
    const wide = new PromptCompletionPass(source(), [], {});
    const names = Array.from({ length: 20 }, (_, i) => `c${i}`);
    wide.add(1, { ...Object.fromEntries(names.map((n) => [n, n])), prompt: 'P', completion: 'C' });
    const [row] = wide.result().facts.previews.extra;
    const labels = row?.before.fields.map((f) => f.label) ?? [];
    expect(labels.slice(-3)).toEqual(['prompt', 'completion', '…']);
  });

  it('asks for a re-scan with the columns known when a late column changes the choice', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    pass.add(1, { Prompt: 'p', completion: 'c' });
    pass.add(2, { prompt: 'p', completion: 'c' });
    const { rescanWith } = pass.result();
    expect(rescanWith).toEqual(['Prompt', 'completion', 'prompt']);
    const again = new PromptCompletionPass(source(), rescanWith ?? [], {});
    again.add(1, { Prompt: 'p', completion: 'c' });
    expect(again.result().rescanWith).toBeNull();
  });

  it('has no first row and the source columns when nothing was read', () => {
    const { facts } = new PromptCompletionPass(source(['a', 'b']), [], {}).result();
    expect(facts.firstRow).toBeNull();
    expect(facts.columns).toEqual(['a', 'b']);
    expect(facts.rawRows).toBe(0);
  });
});

describe('pass 1 over rows of cells', () => {
  it('reads the rows under the header, removing the empty ones', () => {
    const pass = new PromptCompletionPass(source([], 'row'), [], {});
    pass.header(['id', 'prompt', 'completion']);
    pass.addCells(2, ['1', 'p1', 'c1']);
    pass.addCells(3, ['2', 'p2', '']);
    for (let i = 4; i <= 10; i++) pass.addCells(i, [String(i), `p${i}`, '']);
    const { facts, stats } = pass.result();
    expect([stats.rows, facts.rawRows]).toEqual([1, 9]);
    expect(facts.empty.first()).toEqual([3, 4, 5, 6, 7, 8, 9, 10]);
    expect(facts.previews.empty.map((r) => r.position)).toEqual([3, 4, 5, 6, 7]);
    expect(texts(facts.previews.empty[0]?.before ?? null)).toBe('prompt=p2 completion=');
    expect(facts.previews.extra.map((r) => r.position)).toEqual([2, 3, 4, 5, 6]);
    expect(texts(facts.firstRow)).toBe('id=1 prompt=p1 completion=c1');
    expect(facts.columns).toEqual(['id', 'prompt', 'completion']);
  });
});

describe('pass 1 over flat JSON lines', () => {
  it('keeps the rows, shows the first ones, and removes empty completions with their prompt', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    pass.addFlat(1, flat('{"prompt":"p \\"1\\"","completion":"c1","n":"1"}'));
    pass.addFlat(2, flat('{"prompt":"p2","completion":""}'));
    for (let i = 3; i <= 9; i++) pass.addFlat(i, flat(`{"prompt":"p${i}","completion":""}`));
    const { facts, stats } = pass.result();
    expect([stats.rows, facts.rawRows]).toEqual([1, 9]);
    expect(stats.sample.map((r) => [r.prompt, r.completion])).toEqual([['p "1"', 'c1']]);
    expect(facts.previews.empty.map((r) => r.position)).toEqual([2, 3, 4, 5, 6]);
    expect(texts(facts.previews.empty[1]?.before ?? null)).toBe('prompt=p3 completion=');
    expect(facts.previews.extra.map((r) => r.position)).toEqual([1, 2, 3, 4, 5]);
    expect(texts(facts.firstRow)).toBe('prompt=p "1" completion=c1 n=1');
  });

  it('shows each line by its own values, the reader reusing one line object', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    const line = new FlatLine();
    for (const [position, text] of [
      [1, '{"prompt":"p1","completion":"c1","n":"1"}'],
      [2, '{"prompt":"p2","completion":"c2"}'],
    ] as const) {
      line.reset(text);
      line.scan();
      pass.addFlat(position, line);
    }
    const { extra } = pass.result().facts.previews;
    expect(extra.map((r) => texts(r.before))).toEqual([
      'prompt=p1 completion=c1 n=1',
      'prompt=p2 completion=c2 n=',
    ]);
  });

  it('reads a line without a prompt as an empty prompt', () => {
    const pass = new PromptCompletionPass(source(), [], {});
    pass.addFlat(1, flat('{"completion":"only"}'));
    pass.addFlat(2, flat('{"completion":"more"}'));
    const { stats } = pass.result();
    expect(stats.sample.map((r) => [r.prompt, r.completion])).toEqual([
      ['', 'only'],
      ['', 'more'],
    ]);
  });

  /** The error pass 1 gives for a line, or null when it reads it. */
  function errorOf(text: string, position = 3): DataError | null {
    const pass = new PromptCompletionPass(source(), [], {});
    try {
      pass.addFlat(position, flat(text));
      return null;
    } catch (error) {
      if (error instanceof DataError) return error;
      throw error;
    }
  }

  it('refuses a raw control character in any value, naming the line, and accepts an escaped one', () => {
    for (const text of [
      '{"prompt":"a\tb","completion":"c"}',
      '{"prompt":"a","completion":"c\u0001"}',
      '{"prompt":"a","completion":"c","other":"x\ny"}',
      '{"prompt":"a\u001f","completion":""}',
      '{"prompt":"a","completion":"","other":"\t"}',
    ]) {
      const error = errorOf(text);
      expect(error?.message, text).toMatch(/^data\.jsonl: line 3 is not valid JSON/);
      expect(error?.position).toBe(3);
    }
    for (const text of [
      '{"prompt":"a\\tb","completion":"c\\u0001"}',
      '{"prompt":"a","completion":"c","other":"x\\ny"}',
      '{"prompt":"a","completion":"","other":"\\t"}',
    ]) {
      expect(errorOf(text), text).toBeNull();
    }
  });
});
