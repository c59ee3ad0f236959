import { describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { FlatLine } from '../../../src/core/prepare/flat-line.js';
import { TableReader } from '../../../src/core/prepare/table.js';

// How a row becomes a prompt and a completion: the fast path for flat JSON lines (which must send
// every line it cannot read exactly to the full parser, never misread one) and the table reader (the
// column choice, rows removed and why, the error naming the file and row).

/** The fields of one line scanned alone, or null when it goes to the full parser. */
function fields(text: string, trusted = false): Record<string, string> | null {
  const line = new FlatLine();
  line.reset(text);
  const n = line.scan(0, text.length, trusted);
  if (n === -1) return null;
  expect(line.count).toBe(n);
  return Object.fromEntries(line.keys.slice(0, n).map((k, i) => [k, line.value(i)]));
}

describe('the flat JSON line fast path', () => {
  it('reads flat objects of strings, with spaces anywhere JSON allows them', () => {
    expect(fields('{"prompt":"a","completion":"b"}')).toEqual({ prompt: 'a', completion: 'b' });
    expect(fields(' \t{ "prompt" :\r "a" ,\n"completion": "b" } \r')).toEqual({
      prompt: 'a',
      completion: 'b',
    });
    expect(fields('{}')).toEqual({});
    expect(fields('{ }')).toEqual({});
    expect(fields('{"a":""}')).toEqual({ a: '' });
  });

  it('decodes escaped values and keeps where each plain one lies in the line', () => {
    const text = '{"p":"say \\"hi\\"\\n","c":"plain","d":"a\\\\"}';
    const line = new FlatLine();
    line.reset(text);
    expect(line.scan()).toBe(3);
    expect([line.value(0), line.value(1), line.value(2)]).toEqual(['say "hi"\n', 'plain', 'a\\']);
    expect([...line.escaped.slice(0, 3)]).toEqual([1, 0, 1]);
    expect(line.fieldText(1).slice(line.fieldStart(1), line.fieldEnd(1))).toBe('plain');
    expect(line.fieldText(0).slice(line.fieldStart(0), line.fieldEnd(0))).toBe('say "hi"\n');
    expect([line.fieldStart(0), line.fieldEnd(0)]).toEqual([0, 9]);
    expect(line.lineText()).toBe(text);
  });

  it('sends to the full parser every line it cannot read exactly', () => {
    for (const text of [
      '',
      '   ',
      '[1]',
      '{"a":1}',
      '{"a":"x","b":null}',
      '{"a":{"b":"c"}}',
      '{"a":"x"',
      '{"a":"x"}x',
      '{"a":"x",}',
      '{"a" "x"}',
      '{"a":"x" "b":"y"}',
      '{a:"x"}',
      '{"a\\u0062":"x"}',
      '{"a":"x","a":"y"}',
      '{"a":"bad \\q escape"}',
      '{"a":"unclosed}',
      '{"a',
      '{"a":',
      '{"a":"x",',
      '{"a":"x"',
    ])
      expect([text, fields(text)]).toEqual([text, null]);
    // A key with a raw control character is refused, unless an earlier pass validated the line.
    expect(fields('{"a\u0001":"x"}')).toBeNull();
    expect(fields('{"a\u0001":"x"}', true)).toEqual({ 'a\u0001': 'x' });
  });

  it('reads up to 64 fields', () => {
    const line = (n: number) => `{${Array.from({ length: n }, (_, i) => `"k${i}":"v${i}"`).join(',')}}`;
    expect(Object.keys(fields(line(64)) ?? {})).toHaveLength(64);
    expect(fields(line(65))).toBeNull();
  });

  it('tells a value holding a raw control character, which only a value without escapes can', () => {
    const line = new FlatLine();
    const text = '{"a":"x\u0009y","b":"xy","c":"\\n"}';
    line.reset(text);
    expect(line.scan()).toBe(3);
    expect([line.hasControl(0), line.hasControl(1), line.hasControl(2)]).toEqual([true, false, false]);
    line.reset('{"a":"\u001f","b":" "}');
    expect(line.scan()).toBe(2);
    expect([line.hasControl(0), line.hasControl(1)]).toEqual([true, false]);
  });

  it('reads the lines of one chunk one after the other, an escape in a later line not leaking into an earlier one', () => {
    const lines = [
      '{"prompt":"one","completion":"1"}',
      '{"prompt":"two \\"2\\"","completion":"2"}',
      '{"prompt":"three","completion":"3"}',
      '{"prompt":"four","completion":"4\\\\"}',
      '{"prompt":"five","completion":"5"}',
    ];
    const text = lines.join('\n');
    const line = new FlatLine();
    line.reset(text);
    const read: string[] = [];
    let start = 0;
    for (const l of lines) {
      expect(line.scan(start, start + l.length)).toBe(2);
      read.push(`${line.value(0)}|${line.value(1)}`);
      start += l.length + 1;
    }
    expect(read).toEqual(['one|1', 'two "2"|2', 'three|3', 'four|4\\', 'five|5']);
    // A line scanned again from an earlier position starts afresh.
    expect(line.scan(0, (lines[0] ?? '').length)).toBe(2);
    expect(line.value(0)).toBe('one');
    // The keys of the line before are reused, and a different key is read as itself.
    line.reset('{"prompt":"x","label":"y"}');
    expect(line.scan()).toBe(2);
    expect(line.keys.slice(0, 2)).toEqual(['prompt', 'label']);
    line.reset('{"prompt":"x"}');
    expect(line.scan()).toBe(1);
    expect(line.keys).toEqual(['prompt']);
  });
});

describe('the table reader', () => {
  const reader = (columns: string[] = [], map = {}) => new TableReader(columns, map, 'data.jsonl', 'line');

  it('reads a record into a prompt and a completion, and says which rows the necessary fixes remove', () => {
    const t = reader();
    expect(t.read(1, { prompt: 'p', completion: 'c' })).toBe('kept');
    expect([t.prompt, t.completion]).toEqual(['p', 'c']);
    expect(t.read(2, { prompt: 'p', completion: '' })).toBe('empty-completion');
    expect(t.read(3, { prompt: 4, completion: true })).toBe('kept');
    expect([t.prompt, t.completion]).toEqual(['4', 'true']);
    expect(t.read(4, { prompt: ['a'], completion: 'c' })).toBe('non-text');
    expect(t.nonText).toEqual({ field: 'prompt', kind: 'a list' });
    expect(t.read(5, { prompt: 'p', completion: { a: 1 } })).toBe('non-text');
    expect(t.nonText).toEqual({ field: 'completion', kind: 'an object' });
    expect(t.read(6, { prompt: 'p', completion: [] })).toBe('non-text');
    expect(t.nonText).toEqual({ field: 'completion', kind: 'a list' });
    // A missing prompt reads as empty text; a missing completion as an empty one.
    expect(t.read(7, { completion: 'c' })).toBe('kept');
    expect(t.prompt).toBe('');
    expect(t.read(8, { prompt: 'p' })).toBe('empty-completion');
  });

  it('refuses a record that is not an object, naming the file and the row', () => {
    const t = reader();
    for (const value of [[1, 2], 'text', null, 3]) {
      const error = (() => {
        try {
          t.read(4, value);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(DataError);
      expect(error).toMatchObject({
        id: 'invalid-file',
        position: 4,
        message: 'data.jsonl: line 4 is not an object with prompt and completion fields',
      });
    }
  });

  it('keeps the columns in order of appearance, and asks for a re-scan when a late column changes the choice', () => {
    const t = reader();
    t.read(1, { Prompt: 'a', completion: 'b', extra: 'x' });
    expect(t.columns).toEqual(['Prompt', 'completion', 'extra']);
    expect(t.resolved).toEqual({ prompt: 'Prompt', completion: 'completion' });
    expect(t.unstable).toBe(false);
    t.read(2, { Prompt: 'a', completion: 'b', other: 'y' });
    expect(t.unstable).toBe(false);
    t.read(3, { prompt: 'exact', completion: 'b' });
    expect(t.resolved.prompt).toBe('prompt');
    expect(t.unstable).toBe(true);
    // Before any row is read, a new column changes the choice without a re-scan.
    const h = reader(['Prompt']);
    h.setHeader(['Prompt', 'prompt', 'completion']);
    expect(h.unstable).toBe(false);
    expect(h.resolved).toEqual({ prompt: 'prompt', completion: 'completion' });
  });

  it('follows the columns the user mapped', () => {
    const t = reader(['question', 'answer'], { prompt: 'question', completion: 'answer' });
    expect(t.read(1, { question: 'q', answer: 'a', prompt: 'not this' })).toBe('kept');
    expect([t.prompt, t.completion]).toEqual(['q', 'a']);
  });

  it('reads flat lines by field, and says which values were plain', () => {
    const t = reader();
    const line = new FlatLine();
    line.reset('{"x":"1","prompt":"p \\"q\\"","completion":"c"}');
    line.scan();
    expect(t.readFlat(line)).toBe('kept');
    expect([t.promptField, t.completionField, t.promptPlain, t.completionPlain]).toEqual([1, 2, false, true]);
    t.texts(line);
    expect([t.prompt, t.completion]).toEqual(['p "q"', 'c']);
    expect(t.columns).toEqual(['x', 'prompt', 'completion']);
    line.reset('{"prompt":"p","completion":""}');
    line.scan();
    expect(t.readFlat(line)).toBe('empty-completion');
    line.reset('{"prompt":"p","completion":"\\""}');
    line.scan();
    expect(t.readFlat(line)).toBe('kept');
    expect(t.completionPlain).toBe(false);
    line.reset('{"completion":"c"}');
    line.scan();
    expect(t.readFlat(line)).toBe('kept');
    expect([t.promptField, t.promptPlain]).toEqual([-1, true]);
    t.texts(line);
    expect([t.prompt, t.completion]).toEqual(['', 'c']);
    line.reset('{"prompt":"p"}');
    line.scan();
    expect(t.readFlat(line)).toBe('empty-completion');
    t.texts(line);
    expect([t.prompt, t.completion]).toEqual(['p', '']);
  });

  it('reads rows of cells under a header, and shows a wide row by its first columns and the used ones', () => {
    const t = reader();
    t.setHeader(['id', 'completion', 'prompt']);
    expect(t.readCells(['1', 'c', 'p'])).toBe('kept');
    expect([t.prompt, t.completion]).toEqual(['p', 'c']);
    expect(t.readCells(['2', '', 'p'])).toBe('empty-completion');
    expect({ ...t.recordOf(['1', 'c', 'p']) }).toEqual({ id: '1', completion: 'c', prompt: 'p' });
    const none = reader();
    none.setHeader(['a', 'b']);
    expect(none.readCells(['x', 'y'])).toBe('empty-completion');
    expect([none.prompt, none.completion]).toEqual(['', '']);
    const wide = reader();
    const names = Array.from({ length: 20 }, (_, i) => `c${i}`);
    wide.setHeader([...names, 'prompt', 'completion']);
    const cells = [...names.map((n) => `v${n}`), 'P', 'C'];
    const record = wide.recordOf(cells);
    expect(Object.keys(record)).toEqual([...names.slice(0, 10), 'prompt', 'completion']);
    expect([record.c0, record.prompt, record.completion]).toEqual(['vc0', 'P', 'C']);
  });
});
