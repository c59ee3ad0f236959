import { describe, expect, it } from 'vitest';
import { sharedStringsOf } from '../../../src/core/read/shared-strings.js';
import type { StringTable } from '../../../src/core/read/string-table.js';

// The shared strings table built from a small part handed over in pieces of any size, as the zip's
// inflater hands over megabytes: the reader cuts each piece after its last whole item, holds what
// follows, reads plain `<si><t>…</t></si>` items straight from the bytes and the rest through the XML
// scanner. Every item must read the same wherever the cuts fall.

const HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n<sst xmlns="x" count="1">';

/** Items as written in the part, and the text each reads as (null: not an item, nothing to read). */
const ITEMS: ReadonlyArray<readonly [string, string | null]> = [
  ['<si><t>plain</t></si>', 'plain'],
  ['<si><t xml:space="preserve">  outer spaces </t></si>', '  outer spaces '],
  ['<si><t foo="1">another attribute</t></si>', 'another attribute'],
  ['<si/>', ''],
  ['<si><t>after self-closing</t></si>', 'after self-closing'],
  ['<si><t/></si>', ''],
  ['<si><t></t></si>', ''],
  ['<si ><t>space after si</t></si>', 'space after si'],
  ['<si\n><t>line after si</t></si>', 'line after si'],
  ['<si\t><t>tab after si</t></si>', 'tab after si'],
  ['<si\r\n><t>cr after si</t></si>', 'cr after si'],
  ['<si count="2"><t>attribute on si</t></si>', 'attribute on si'],
  ['<sic><t>not an item</t></sic>', null],
  ['<si><t>after sic</t></si>', 'after sic'],
  // `<si />` goes to the scanner with the item after it (here one the scanner reads anyway).
  ['<si />', ''],
  ['<si><t>a &amp; b &lt;c&gt; &#233;&#x1F600;</t></si>', 'a & b <c> é😀'],
  ['<si><t>next plain</t></si>', 'next plain'],
  ['<si><t>line\r\nend\rcr</t></si>', 'line\nend\ncr'],
  ['<si><t>escaped_x000D__x0041_</t></si>', 'escaped\rA'],
  ['<si><t>under_score and _x</t></si>', 'under_score and _x'],
  ['<si><r><t>rich </t></r><r><rPr><b/></rPr><t xml:space="preserve">text </t></r></si>', 'rich text '],
  [
    '<si>\n    <r>\n      <t>laid out</t>\n    </r>\n    <r><t xml:space="preserve"> runs</t></r>\n  </si>',
    'laid out runs',
  ],
  ['<si><t>ruby</t><rPh sb="0" eb="1"><t>ルビ</t></rPh><phoneticPr fontId="1"/></si>', 'ruby'],
  ['<si><t><![CDATA[a </si> <b> & b]]></t></si>', 'a </si> <b> & b'],
  ['<!-- <si><t>commented</t></si> -->', null],
  ['<si><t>after comment</t></si>', 'after comment'],
  ['<si><!-- </si> --><t>comment in item</t></si>', 'comment in item'],
  ['<si><t>café 日本 😀</t></si>', 'café 日本 😀'],
  ['<si><t>last</t></si>', 'last'],
];

// Laid out as a person would write it: a piece then begins with a line end and an indent.
const BODY = ITEMS.map(([xml]) => xml).join('\n  ');
const EXPECTED = ITEMS.flatMap(([, text]) => (text === null ? [] : [text]));
const PART = Buffer.from(`${HEAD}${BODY}</sst>`);

/**
 * Plain items: the shape read straight from the part's bytes, the table pointing into them (the point
 * of the fast path). Any other item is decoded and copied out.
 */
const PLAIN = /^<si><t(?: xml:space="preserve")?>([^<&\r]*)<\/t><\/si>$/;
const isPlain = (xml: string): boolean => !(PLAIN.exec(xml)?.[1]?.includes('_x') ?? true);

/**
 * Each item of the table once the pieces it was read from are overwritten with '#': a view of them
 * reads as '#'s, a copy as before. The caller never changes the pieces; the test does, to see which
 * way each item was read.
 */
async function afterOverwrite(pieces: Buffer[]): Promise<string[]> {
  const table = await sharedStringsOf(pieces);
  for (const piece of pieces) piece.fill('#');
  return all(table);
}

const hashes = (text: string): string => '#'.repeat(Buffer.byteLength(text));

/** The part of `items` (those with a text) with each item's byte offsets. */
function layout(items: ReadonlyArray<readonly [string, string | null]>): {
  part: Buffer;
  spans: Array<{ xml: string; text: string; start: number; end: number }>;
} {
  const spans: Array<{ xml: string; text: string; start: number; end: number }> = [];
  let at = Buffer.byteLength(HEAD);
  for (const [xml, text] of items) {
    const length = Buffer.byteLength(xml);
    if (text !== null) spans.push({ xml, text, start: at, end: at + length });
    at += length + 1;
  }
  return { part: Buffer.from(`${HEAD}${items.map(([xml]) => xml).join('\n')}</sst>`), spans };
}

/** Every item of the table, in order. */
function all(table: StringTable): string[] {
  return Array.from({ length: table.size }, (_, i) => table.get(i) as string);
}

async function read(pieces: Buffer | Buffer[]): Promise<string[]> {
  return all(await sharedStringsOf(Array.isArray(pieces) ? pieces : [pieces]));
}

/** `bytes` cut at each of `at` (ascending). */
function cut(bytes: Buffer, ...at: number[]): Buffer[] {
  return [0, ...at].map((from, i) => bytes.subarray(from, at[i] ?? bytes.length));
}

/** `bytes` in pieces of `size` bytes. */
function slices(bytes: Buffer, size: number): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) out.push(bytes.subarray(at, at + size));
  return out;
}

/**
 * The first position where `read` differs from `expected` as `{ at, read, expected }`, or null: a
 * failure names the cut and the item instead of printing thousands of arrays.
 */
function firstWrong(where: string, read: string[], expected: string[]): object | null {
  if (read.length !== expected.length) return { where, length: read.length, expected: expected.length };
  const at = read.findIndex((text, i) => text !== expected[i]);
  return at === -1 ? null : { where, at, read: read[at], expected: expected[at] };
}

/** The first way of cutting `part` (each a list of cut positions) that reads otherwise than `expected`. */
async function wrongCut(part: Buffer, cuts: number[][], expected: string[]): Promise<object | null> {
  for (const at of cuts) {
    const wrong = firstWrong(`cut at ${at.join(', ')}`, await read(cut(part, ...at)), expected);
    if (wrong !== null) return wrong;
  }
  return null;
}

/** Single cuts of `part` from `from` to its end, every `step` bytes. */
function cutsOf(part: Buffer, from: number, step: number): number[][] {
  const out: number[][] = [];
  for (let at = from; at < part.length; at += step) out.push([at]);
  return out;
}

describe('shared strings', () => {
  it('reads items of every shape in order from one piece', async () => {
    expect(await read(PART)).toEqual(EXPECTED);
  });

  it('reads no prefixed item when the root tag has no prefix, and the other way round', async () => {
    expect(await read(Buffer.from('<sst><x:si><x:t>a</x:t></x:si><si><t>b</t></si></sst>'))).toEqual(['b']);
    expect(await read(Buffer.from('<x:sst><x:si><x:t>a</x:t></x:si><si><t>b</t></si></x:sst>'))).toEqual([
      'a',
    ]);
    // A tag that only begins like the root is not it.
    expect(await read(Buffer.from('<x:sstx/><sst><si><t>c</t></si></sst>'))).toEqual(['c']);
  });

  it('reads a part starting with a stray 0xFF or 0xFE byte as UTF-8, not UTF-16', async () => {
    for (const start of [
      [0xff, 0x3c],
      [0x3c, 0xfe],
    ]) {
      const part = Buffer.concat([Buffer.from(start), Buffer.from(`?x?>${HEAD}<si><t>é</t></si></sst>`)]);
      expect(await read(part)).toEqual(['é']);
    }
  });

  it('reads a part of self-closing items only, and those after the last item end', async () => {
    expect(await read(Buffer.from('<sst><si/><si/><si/></sst>'))).toEqual(['', '', '']);
    expect(await read(Buffer.from('<sst><si><t>a</t></si><si/><si/></sst>'))).toEqual(['a', '', '']);
    expect(await read(cut(Buffer.from('<sst><si/><si><t>a</t></si><si/></sst>'), 8))).toEqual(['', 'a', '']);
  });

  it('reads the items before the end of a part cut short, whatever the last one holds', async () => {
    for (const tail of ['<si', '<si/', '<si>', '<si><t>half', '<si><t><![CDATA[x</si>', '<!-- <si/>', '<!']) {
      const part = Buffer.from(`<sst><si><t>a</t></si><si/>${tail}`);
      expect(await read(part), tail).toEqual(['a', '']);
      expect(await read(cut(part, 22)), tail).toEqual(['a', '']);
    }
  });

  it('skips comments and declarations between items, closed in a later piece or not', async () => {
    const part = Buffer.from(
      `${HEAD}<si><t>a</t></si><!-- <si><t>no</t></si> --><si><t>b</t></si><!DOCTYPE x><si><t>c</t></si>` +
        `<![CDATA[<si><t>no</t></si>]]><si><t>d</t></si></sst>`,
    );
    const expected = ['a', 'b', 'c', 'd'];
    expect(await read(part)).toEqual(expected);
    expect(await wrongCut(part, cutsOf(part, 1, 1), expected)).toBe(null);
  });

  it('finds the item end after a comment or CDATA section holding one, in a piece of many items', async () => {
    const items = Array.from({ length: 30 }, (_, i) =>
      i % 5 === 2
        ? [`<si><t><![CDATA[${i}</si>]]></t><!-- </si> --></si>`, `${i}</si>`]
        : i % 5 === 4
          ? [`<si><!-- x --><t>${i}</t></si>`, `${i}`]
          : [`<si><t>${i}</t></si>`, `${i}`],
    );
    const part = Buffer.from(`${HEAD}${items.map(([xml]) => xml).join('')}</sst>`);
    expect(await read(part)).toEqual(items.map(([, text]) => text));
  });

  it('keeps plain items as views of the part (no copy) and copies out only those it decodes', async () => {
    const { part, spans } = layout(ITEMS);
    expect(await afterOverwrite([part])).toEqual(
      spans.map(({ xml, text }) => (isPlain(xml) ? hashes(text) : text)),
    );
  });

  it('copies the items after one it had to hand to the scanner at a cut', async () => {
    // A cut after the "</si>" inside the CDATA section: that item, and all after it, go to the scanner,
    // whether the item is the first of its piece to end or not.
    const items = [
      '<si><t>one</t></si>',
      '<si><t>two</t></si>',
      '<si><t><![CDATA[a</si>b]]></t></si>',
      '<si><t>three</t></si>',
      '<si><t>four</t></si>',
    ];
    const part = Buffer.from(`${HEAD}${items.join('')}</sst>`);
    const inCdata = part.indexOf('a</si>b') + 6;
    const cdata = part.indexOf('<si><t><![CDATA[');
    const threeEnd = part.indexOf('<si><t>four');
    for (const at of [[inCdata], [cdata, threeEnd]]) {
      const pieces = cut(Buffer.from(part), ...at);
      const read = await sharedStringsOf(pieces);
      expect(all(read)).toEqual(['one', 'two', 'a</si>b', 'three', 'four']);
      for (const piece of pieces) piece.fill('#');
      expect(all(read), `cut at ${at.join(', ')}`).toEqual(['###', '###', 'a</si>b', 'three', 'four']);
    }
  });

  it('answers nothing for a lookup out of range', async () => {
    const table = await sharedStringsOf([Buffer.from('<sst><si><t>a</t></si><si/></sst>')]);
    expect([table.size, table.get(0), table.get(1)]).toEqual([2, 'a', '']);
    expect([table.get(2), table.get(-1), table.get(0.5), table.get(Number.NaN)]).toEqual([
      undefined,
      undefined,
      undefined,
      undefined,
    ]);
    expect((await sharedStringsOf([])).size).toBe(0);
  });
});

// The slower tests last: a run that stops at the first failure (as mutation testing does) rarely reaches them.
describe('shared strings read in pieces', () => {
  it('reads them the same cut in two at every byte', async () => {
    expect(await wrongCut(PART, cutsOf(PART, 1, 1), EXPECTED)).toBe(null);
  });

  it('keeps the plain items of each piece as views wherever the cut falls, and copies those it cuts', async () => {
    // Each piece is cut after its last whole item; what follows is held and read with the next piece up
    // to its first item end (a copy, unless nothing was held). No CDATA or comment here: those can
    // hand the rest of the part to the scanner (the test above).
    const { part, spans } = layout(ITEMS.filter(([xml]) => !xml.includes('<!')));
    const ends = spans.filter(({ xml }) => xml.endsWith('</si>')).map(({ end }) => end);
    for (let at = 1; at < part.length; at++) {
      const held = !ends.includes(at);
      const firstToEnd = spans.find(({ xml, end }) => xml.endsWith('</si>') && end - 5 >= at);
      const expected = spans.map((span) => {
        const view = span.end <= at || (span.start >= at && !(held && span === firstToEnd));
        return view && isPlain(span.xml) ? hashes(span.text) : span.text;
      });
      const wrong = firstWrong(`cut at ${at}`, await afterOverwrite(cut(Buffer.from(part), at)), expected);
      if (wrong !== null) expect(wrong).toBe(null);
    }
  });

  it('reads them the same in pieces of every small size, empty pieces between them too', async () => {
    for (let size = 1; size <= 64; size++) {
      expect(firstWrong(`pieces of ${size}`, await read(slices(PART, size)), EXPECTED)).toBe(null);
    }
    const spaced = slices(PART, 5).flatMap((piece) => [piece, Buffer.alloc(0)]);
    expect(await read(spaced)).toEqual(EXPECTED);
  });

  it('reads tags with any namespace prefix the root tag names, wherever the cuts fall', async () => {
    for (const prefix of ['x:', 'ss:', 'ns-1.a_b:', '_p:']) {
      const p = prefix;
      const body = BODY.replace(/<(\/?)(si|sic|t|r|rPr|rPh|phoneticPr)\b/g, `<$1${p}$2`);
      const expected = EXPECTED.map((text) => text.replace('</si>', `</${p}si>`));
      for (const root of [`<${p}sst xmlns:${p.slice(0, -1)}="x">`, `<${p}sst>`, `<${p}sst\n>`]) {
        const head = Buffer.from(`<?xml version="1.0"?>${root}`);
        const part = Buffer.concat([head, Buffer.from(`${body}</${p}sst>`)]);
        expect(firstWrong(`${root} whole`, await read(part), expected)).toBe(null);
        // The first piece holds the root tag (so does the inflater's first megabyte).
        if (root.endsWith('"x">') && p.length !== 3) {
          expect(await wrongCut(part, cutsOf(part, head.length, 5), expected), root).toBe(null);
        }
      }
    }
  });

  it('reads a UTF-16 part, cut between the bytes of its characters', async () => {
    const part = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${HEAD}${BODY}</sst>`, 'utf16le')]);
    expect(await read(part)).toEqual(EXPECTED);
    expect(await wrongCut(part, cutsOf(part, 2, 7), EXPECTED)).toBe(null);
    expect(
      firstWrong('pieces of 3', await read([part.subarray(0, 2), ...slices(part.subarray(2), 3)]), EXPECTED),
    ).toBe(null);
  });

  it('streams an item held longer than 4 MB through the scanner, and the items after it', async () => {
    // 5.6 MB in UTF-8, held whole until it passes 4 MB: handed over at the end of the fifth megabyte,
    // where the padding makes an "é" fall across the cut.
    const long = 'abcdefghé'.repeat(560_000);
    const tail = '<si><t>after</t></si><si><t>a &amp; b</t></si><si/></sst>';
    const head = `${HEAD}<si><t>first</t></si><si><t>`;
    const pad = ((((5 << 20) - Buffer.byteLength(head) - 9) % 10) + 10) % 10;
    const part = Buffer.from(`${head.replace('<si>', `${' '.repeat(pad)}<si>`)}${long}</t></si>${tail}`);
    expect(part.subarray((5 << 20) - 1, (5 << 20) + 1)).toEqual(Buffer.from('é'));
    const pieces = slices(Buffer.from(part), 1 << 20);
    const table = await sharedStringsOf(pieces);
    const read = all(table);
    expect(read.map((text) => text.length)).toEqual([5, long.length, 5, 5, 0]);
    expect(read).toEqual(['first', long, 'after', 'a & b', '']);
    // The first item is a view of the first piece; from the long one on, the scanner copied them out.
    for (const piece of pieces) piece.fill('#');
    expect(all(table).map((text) => (text === long ? 'long' : text))).toEqual([
      '#####',
      'long',
      'after',
      'a & b',
      '',
    ]);
  });
});
