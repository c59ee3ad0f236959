import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AffixTracker } from '../../../src/core/prepare/affix.js';
import {
  existingOutputs,
  freeName,
  OutputExistsError,
  outputPaths,
} from '../../../src/core/prepare/names.js';
import { missingClassNotes, trainingExamples } from '../../../src/core/prepare/outputs.js';
import {
  allRows,
  clip,
  finding,
  previewRows,
  recordView,
  shownColumns,
  showText,
} from '../../../src/core/prepare/preview.js';
import {
  codePointLength,
  commonPrefixLength,
  commonSuffixLength,
  detach,
  dropCodePoints,
  jsonSafe,
  repeatsSuffix,
  wholePrefix,
  wholeSuffix,
} from '../../../src/core/prepare/text.js';
import type { WriteResult } from '../../../src/core/prepare/types.js';

// The small parts the checks and the writer are built from, each at its edges: what the user sees of
// them is a prefix or suffix found or not, a row shown whole or cut, an output name, a note about a split.

const EMOJI = '\u{1F600}'; // one code point, two UTF-16 units

describe('code points and affixes (text.ts)', () => {
  it('counts and drops code points, not UTF-16 units', () => {
    expect(codePointLength(`a${EMOJI}b`)).toBe(3);
    expect(codePointLength('\udc00')).toBe(0);
    expect(codePointLength('\ud800')).toBe(1);
    expect(dropCodePoints(`${EMOJI}ab`, 1)).toBe('ab');
    expect(dropCodePoints(`a${EMOJI}b`, 2)).toBe('b');
    expect(dropCodePoints('abc', 0)).toBe('abc');
    expect(dropCodePoints('ab', 5)).toBe('');
    // A lone high surrogate at the end is one code point.
    expect(dropCodePoints('a\ud800', 2)).toBe('');
    expect(dropCodePoints(`${EMOJI}${EMOJI}b`, 2)).toBe('b');
    // A lone high surrogate is one code point, as codePointLength counts it: dropping it keeps the next.
    expect(codePointLength('\ud800b')).toBe(2);
    expect(dropCodePoints('\ud800bc', 1)).toBe('bc');
    expect(dropCodePoints('\ud800', 1)).toBe('');
  });

  it('measures common prefixes and suffixes against a part of a text', () => {
    expect(commonPrefixLength('abcx', 'abcd')).toBe(3);
    expect(commonPrefixLength('abc', 'zzabcd', 2)).toBe(3);
    expect(commonPrefixLength('abcd', 'zzab', 2)).toBe(2);
    expect(commonPrefixLength('abc', 'zzabcz', 2, 4)).toBe(2);
    expect(commonSuffixLength('xyz', 'ayz')).toBe(2);
    expect(commonSuffixLength('yz', 'ayzq', 0, 3)).toBe(2);
    expect(commonSuffixLength('ayz', 'qyz', 1)).toBe(2);
    expect(commonSuffixLength('', 'abc')).toBe(0);
  });

  it('never cuts a surrogate pair at the edge of a prefix or suffix', () => {
    const pair = EMOJI;
    expect(wholePrefix(`ab${pair[0]}`)).toBe('ab');
    expect(wholePrefix(`ab${pair}`)).toBe(`ab${pair}`);
    expect(wholePrefix('')).toBe('');
    expect(wholeSuffix(`${pair[1]}ab`)).toBe('ab');
    expect(wholeSuffix(`${pair}ab`)).toBe(`${pair}ab`);
    expect(wholeSuffix('')).toBe('');
  });

  it('tells a suffix held twice in the text from one held once', () => {
    expect(repeatsSuffix('ab ab', 2)).toBe(true);
    expect(repeatsSuffix('abab', 2)).toBe(true);
    expect(repeatsSuffix('aba', 2)).toBe(false);
    expect(repeatsSuffix('xab', 2)).toBe(false);
    // Overlapping copies do not count: "aaa" does not hold "aa" entirely before its last two units.
    expect(repeatsSuffix('aaa', 2)).toBe(false);
    expect(repeatsSuffix('aaaa', 2)).toBe(true);
  });

  it('lets a text go into JSON as it is only when JSON.stringify would not escape it', () => {
    for (const safe of ['plain text', 'é ü ß', '~ and /'])
      expect([safe, jsonSafe(safe)]).toEqual([safe, true]);
    for (const unsafe of [
      'a "quote"',
      'back\\slash',
      'line\nbreak',
      'tab\t',
      '\u001f',
      '\u0000',
      EMOJI,
      '\udfff',
    ])
      expect([unsafe, jsonSafe(unsafe)]).toEqual([unsafe, false]);
  });

  it('copies a text without changing it', () => {
    const long = 'x'.repeat(40);
    expect(detach(long)).toBe(long);
    expect(detach('short')).toBe('short');
    expect(detach('exactly13chr!')).toBe('exactly13chr!');
  });
});

describe('the running prefix and suffix of a column (affix.ts)', () => {
  const track = (...values: string[]) => {
    const t = new AffixTracker();
    for (const v of values) t.add(v);
    return t;
  };

  it('keeps the prefix and suffix every value shares, and whether all values are the same', () => {
    const t = track('Q: one ->', 'Q: two ->', 'Q: three ->');
    expect([t.prefix, t.suffix, t.allSame]).toEqual(['Q: ', ' ->', false]);
    const same = track('yes', 'yes', 'yes');
    expect([same.prefix, same.suffix, same.allSame]).toEqual(['yes', 'yes', true]);
    // A value that starts like the first but is longer is not the same.
    expect(track('yes', 'yes!').allSame).toBe(false);
    expect(track('yes!', 'yes').allSame).toBe(false);
    expect(track('abc', 'xbc').allSame).toBe(false);
  });

  it('shrinks the prefix and suffix to a shorter value', () => {
    const t = track('abcdef', 'abc');
    expect([t.prefix, t.suffix]).toEqual(['abc', '']);
    const s = track('xxdef', 'ef');
    expect([s.prefix, s.suffix]).toEqual(['', 'ef']);
    expect(track('abc', 'abd').prefix).toBe('ab');
    expect(track('abc', 'zbc').suffix).toBe('bc');
    expect(track('abc', 'xyz').prefix).toBe('');
  });

  it('reads a value from a part of a text', () => {
    const t = new AffixTracker();
    t.add('..Q: one ->..', 2, 11);
    t.add('Q: two ->');
    expect([t.prefix, t.suffix]).toEqual(['Q: ', ' ->']);
    const u = new AffixTracker();
    u.add('Q: one ->');
    u.add('xxQ: one ->yy', 2, 11);
    expect(u.allSame).toBe(true);
  });

  it('says when some value holds the common suffix more than once', () => {
    expect(track('a END b END', 'c END').suffixRepeats).toBe(true);
    expect(track('a END', 'b END').suffixRepeats).toBe(false);
    expect(track('abc', 'xyz').suffixRepeats).toBe(false);
    // Found by bisection in a long repeating value, and the later values' shorter suffix still counts.
    expect(track(`${'ab '.repeat(1000)}ab`, 'xab').suffixRepeats).toBe(true);
    expect(track('a ### b ###', 'c ###').suffixRepeats).toBe(true);
    expect(track('one ###', 'a ### b ###').suffixRepeats).toBe(true);
  });
});

describe('output names (names.ts)', () => {
  it('puts the outputs beside the input or in the folder given, under the name given', () => {
    expect(outputPaths('/d/data.csv', false)).toEqual({ all: '/d/data_prepared.jsonl' });
    expect(outputPaths('/d/data.csv', true)).toEqual({
      train: '/d/data_prepared_train.jsonl',
      valid: '/d/data_prepared_valid.jsonl',
    });
    expect(outputPaths('/d/data.csv', false, '/out')).toEqual({ all: '/out/data_prepared.jsonl' });
    expect(outputPaths('/d/data.csv', true, '/out', 'v2')).toEqual({
      train: '/out/v2_train.jsonl',
      valid: '/out/v2_valid.jsonl',
    });
  });

  it('finds the outputs that exist, and a free name past them', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'names-'));
    const input = join(dir, 'data.csv');
    expect(existingOutputs(outputPaths(input, true))).toEqual([]);
    await writeFile(join(dir, 'data_prepared_valid.jsonl'), '');
    expect(existingOutputs(outputPaths(input, true))).toEqual([join(dir, 'data_prepared_valid.jsonl')]);
    expect(freeName(input, true)).toBe('data_prepared_2');
    await writeFile(join(dir, 'data_prepared_2_train.jsonl'), '');
    expect(freeName(input, true)).toBe('data_prepared_3');
    expect(freeName(input, false)).toBe('data_prepared_2');
  });

  it('names every output in the way, with the verb agreeing', () => {
    const one = new OutputExistsError(['a.jsonl']);
    expect(one.message).toBe(
      'a.jsonl exists already; pass --force to overwrite, or --out DIR to write elsewhere',
    );
    expect([one.name, one.id]).toEqual(['OutputExistsError', 'output-exists']);
    expect(new OutputExistsError(['t.jsonl', 'v.jsonl']).message).toMatch(
      /^t\.jsonl and v\.jsonl exist already;/,
    );
  });
});

describe('what a written split tells (outputs.ts)', () => {
  const result = (outputs: WriteResult['outputs'], missing: WriteResult['missingClasses']): WriteResult => ({
    outputs,
    removedRows: 0,
    modifiedRows: 0,
    unchanged: outputs.length === 0,
    examples: 30,
    classification: null,
    separator: null,
    stop: null,
    systemPrompt: null,
    missingClasses: missing,
  });

  it('trains on the training file, the whole file, or the input used as it is', () => {
    expect(
      trainingExamples(
        result(
          [
            { path: 'v', role: 'valid', examples: 6 },
            { path: 't', role: 'train', examples: 24 },
          ],
          null,
        ),
      ),
    ).toBe(24);
    expect(trainingExamples(result([{ path: 'a', role: 'all', examples: 28 }], null))).toBe(28);
    expect(trainingExamples(result([], null))).toBe(30);
  });

  it('says which classes a side of the split lacks, five by name and then a count', () => {
    expect(missingClassNotes(result([], null))).toEqual([]);
    expect(missingClassNotes(result([], { validation: [], training: [] }))).toEqual([]);
    expect(missingClassNotes(result([], { validation: ['billing'], training: [] }))).toEqual([
      'No example of class "billing" in the validation file: its accuracy cannot be measured there.',
      'A stratified split keeps every class of two examples or more in both files.',
    ]);
    expect(
      missingClassNotes(result([], { validation: [], training: ['a', 'b', 'c', 'd', 'e', 'f', 'g'] })),
    ).toEqual([
      'No example of classes "a", "b", "c", "d", "e" and 2 more in the training file: the model cannot learn them.',
      'A stratified split keeps every class of two examples or more in both files.',
    ]);
    expect(missingClassNotes(result([], { validation: ['a', 'b', 'c', 'd', 'e'], training: ['x'] }))).toEqual(
      [
        'No example of classes "a", "b", "c", "d", "e" in the validation file: their accuracy cannot be measured there.',
        'No example of class "x" in the training file: the model cannot learn it.',
        'A stratified split keeps every class of two examples or more in both files.',
      ],
    );
  });
});

describe('previews (preview.ts)', () => {
  it('cuts a text only past 2,000 characters, and says how much was cut', () => {
    expect(clip('x'.repeat(2000))).toBe('x'.repeat(2000));
    expect(clip('x'.repeat(2003))).toBe(`${'x'.repeat(2000)}… (3 more characters)`);
  });

  it('shows at most 12 columns of a wide record, always the prompt and completion ones, in file order', () => {
    const twelve = Array.from({ length: 12 }, (_, i) => `c${i}`);
    expect(shownColumns(twelve, ['c11'])).toEqual(twelve);
    const wide = Array.from({ length: 20 }, (_, i) => `c${i}`);
    expect(shownColumns(wide)).toEqual(wide.slice(0, 12));
    expect(shownColumns(wide, ['c15', null, 'c19'])).toEqual([...wide.slice(0, 10), 'c15', 'c19']);
    expect(shownColumns(wide, ['c1'])).toEqual(wide.slice(0, 12));
  });

  it('shows a record as the file holds it: texts, other values as JSON, nothing for missing ones', () => {
    expect(
      recordView({ a: 'text', b: 3, c: null, e: { x: [1] }, f: true }, ['a', 'b', 'c', 'd', 'e', 'f']).fields,
    ).toEqual([
      { label: 'a', text: 'text' },
      { label: 'b', text: '3' },
      { label: 'c', text: '' },
      { label: 'd', text: '' },
      { label: 'e', text: '{"x":[1]}' },
      { label: 'f', text: 'true' },
    ]);
    const wide = Array.from({ length: 1013 }, (_, i) => `c${i}`);
    const view = recordView({ c0: 'x'.repeat(2001), c1000: 'p' }, wide, ['c1000']);
    expect(view.fields).toHaveLength(13);
    expect(view.fields[0]?.text).toBe(`${'x'.repeat(2000)}… (1 more characters)`);
    expect(view.fields[11]).toEqual({ label: 'c1000', text: 'p' });
    expect(view.fields[12]).toEqual({ label: '…', text: '1,001 more columns' });
  });

  it('previews each row before and after a fix, or removed', () => {
    const rows = [
      { position: 2, prompt: 'a', completion: 'b' },
      { position: 5, prompt: 'c', completion: 'd' },
    ];
    const preview = previewRows(rows, (r) =>
      r.position === 5 ? null : { prompt: `${r.prompt}!`, completion: r.completion },
    );
    expect(preview).toEqual([
      {
        position: 2,
        before: {
          fields: [
            { label: 'prompt', text: 'a' },
            { label: 'completion', text: 'b' },
          ],
        },
        after: {
          fields: [
            { label: 'prompt', text: 'a!' },
            { label: 'completion', text: 'b' },
          ],
        },
      },
      {
        position: 5,
        before: {
          fields: [
            { label: 'prompt', text: 'c' },
            { label: 'completion', text: 'd' },
          ],
        },
        after: null,
      },
    ]);
  });

  it('builds a finding with its count and the first 1,000 positions', () => {
    expect(finding('x', 'info', 'm', 'd')).toEqual({
      id: 'x',
      kind: 'info',
      message: 'm',
      detail: 'd',
      rows: { count: 0, positions: [] },
      preview: [],
    });
    const head = Array.from({ length: 1200 }, (_, i) => ({ position: i + 1, prompt: '', completion: '' }));
    const f = finding('y', 'optional', 'm', 'd', allRows(5000, head));
    expect(f.rows.count).toBe(5000);
    expect(f.rows.positions).toHaveLength(1000);
    expect(f.rows.positions.at(-1)).toBe(1000);
    expect(allRows(3, head).first()).toHaveLength(1000);
    expect(allRows(3, head.slice(0, 2)).first(1)).toEqual([1]);
    expect(showText(' ->\n')).toBe('" ->\\n"');
  });
});
