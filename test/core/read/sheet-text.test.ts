import { describe, expect, it } from 'vitest';
import {
  builtInFormats,
  dateText,
  generalNumber,
  loadNumberFormatter,
  numberText,
  serialDateText,
  type NumberFormatter,
} from '../../../src/core/read/cell-text.js';
import { StringTable } from '../../../src/core/read/string-table.js';
import { XmlScanner, type Tag } from '../../../src/core/read/xml-scan.js';
import { unescapeOoxml, xmlContent, xmlText } from '../../../src/core/read/xml-text.js';

// The small pieces the spreadsheet readers are made of: a cell's number or date as text, XML text and
// Excel's escapes, the XML tokenizer and its attribute reading, the shared strings' table.

describe('a number as a cell shows it', () => {
  it('General: 15 significant digits, no negative zero, infinities as words', () => {
    expect(generalNumber(0.1 + 0.2)).toBe('0.3');
    expect(generalNumber(-0)).toBe('0');
    expect(generalNumber(-1e-20)).toBe('-1e-20');
    expect(generalNumber(123456789012345680)).toBe('123456789012346000');
    expect(generalNumber(Infinity)).toBe('Infinity');
    expect(generalNumber(NaN)).toBe('NaN');
  });

  it('a date serial: the day, the day and time, or the time alone', () => {
    expect(serialDateText(45365)).toBe('2024-03-14');
    expect(serialDateText(45365 + (9 * 3600 + 5 * 60 + 7) / 86400)).toBe('2024-03-14T09:05:07');
    expect(serialDateText(0.5)).toBe('12:00:00');
    expect(serialDateText(0)).toBe('00:00:00');
    expect(serialDateText(45365.9999999)).toBe('2024-03-15');
    expect(serialDateText(-1)).toBe('-1');
    expect(serialDateText(Infinity)).toBe('Infinity');
  });

  it("counts Excel's 29 February 1900 that never was, and not in 1904 dates", () => {
    expect(serialDateText(1)).toBe('1900-01-01');
    expect(serialDateText(59)).toBe('1900-02-28');
    expect(serialDateText(60)).toBe('1900-03-01');
    expect(serialDateText(61)).toBe('1900-03-01');
    expect(serialDateText(62)).toBe('1900-03-02');
    expect(serialDateText(1, true)).toBe('1904-01-02');
    expect(serialDateText(59, true)).toBe('1904-02-29');
    expect(serialDateText(0.25, true)).toBe('06:00:00');
  });

  it('a JavaScript date as wall-clock ISO text, the time only when there is one', () => {
    expect(dateText(new Date(Date.UTC(2024, 2, 14)))).toBe('2024-03-14');
    expect(dateText(new Date(Date.UTC(2024, 2, 14, 0, 0, 1)))).toBe('2024-03-14T00:00:01');
    expect(dateText(new Date(Date.UTC(2024, 2, 14, 0, 1, 0)))).toBe('2024-03-14T00:01:00');
    expect(dateText(new Date(Date.UTC(2024, 11, 4, 13, 0, 0)))).toBe('2024-12-04T13:00:00');
    expect(dateText(new Date(Date.UTC(999, 0, 9)))).toBe('0999-01-09');
    expect(dateText(new Date(Number.NaN))).toBe('');
  });

  it('with its number format, General when it has none or the format cannot be read', async () => {
    const formatter = await loadNumberFormatter();
    expect(numberText(1.5, '0.00', formatter)).toBe('1.50');
    expect(numberText(0.125, '0.00%', formatter)).toBe('12.50%');
    expect(numberText(45365.5, 'yyyy-mm-dd', formatter)).toBe('2024-03-14T12:00:00');
    expect(numberText(1, 'yyyy-mm-dd', formatter, true)).toBe('1904-01-02');
    for (const none of [null, undefined, '', 'General', 'GENERAL']) {
      expect(numberText(1.25, none, formatter)).toBe('1.25');
    }
    expect(numberText(1.25, '0.0', null)).toBe('1.25');
    const failing: NumberFormatter = {
      format: () => {
        throw new Error('bad format');
      },
      isDate: () => false,
    };
    expect(numberText(0.1 + 0.2, '0.0', failing)).toBe('0.3');
    const seen: unknown[] = [];
    const recording: NumberFormatter = {
      format: (_f, v, options) => (seen.push(options), `<${v}>`),
      isDate: () => false,
    };
    expect(numberText(2, '0', recording, true)).toBe('<2>');
    expect(seen).toEqual([{ date1904: true }]);
  });

  it("knows Excel's built-in formats by number", async () => {
    const table = await builtInFormats();
    expect(table[14]).toBe('m/d/yy');
    expect(table[2]).toBe('0.00');
  });
});

describe('XML text', () => {
  it('turns line ends into \\n but keeps a referenced carriage return', () => {
    expect(xmlText('a\r\nb\rc\n')).toBe('a\nb\nc\n');
    expect(xmlText('a&#13;&#10;b')).toBe('a\r\nb');
  });

  it('decodes named and numeric references by code point, and keeps those naming no character', () => {
    expect(xmlText('&amp;&lt;&gt;&quot;&apos;')).toBe('&<>"\'');
    expect(xmlText('&#128512;&#x1F600;&#X41;&#65;')).toBe('😀😀AA');
    expect(xmlText('&#x10FFFF;')).toBe('\u{10FFFF}');
    expect(xmlText('&#x110000;&#xD800;&#xDFFF;&#55296;&nbsp;&#;&amp')).toBe(
      '&#x110000;&#xD800;&#xDFFF;&#55296;&nbsp;&#;&amp',
    );
    expect(xmlText('&#xD7FF;&#xE000;')).toBe('\uD7FF\uE000');
    expect(xmlText('no entity')).toBe('no entity');
  });

  it("undoes Excel's _xHHHH_ escapes, as UTF-16 units", () => {
    expect(unescapeOoxml('a_x000D_b')).toBe('a\rb');
    expect(unescapeOoxml('_xD83D__xDE00_')).toBe('😀');
    expect(unescapeOoxml('_x005F_x000D_')).toBe('_x000D_');
    expect(unescapeOoxml('_x00G0_ _x41_ x000D')).toBe('_x00G0_ _x41_ x000D');
    expect(unescapeOoxml('_xabcd_')).toBe('\uabcd');
  });

  it('keeps CDATA sections as written and decodes the text around them', () => {
    expect(xmlContent('a&amp;<![CDATA[<b>&amp;]]>c&lt;<![CDATA[]]>')).toBe('a&<b>&amp;c<');
    expect(xmlContent('x<![CDATA[never closed &amp;')).toBe('xnever closed &amp;');
    expect(xmlContent('plain &amp;')).toBe('plain &');
  });
});

interface Event {
  readonly kind: string;
  readonly name: string;
  readonly detail?: string;
}

function scan(text: string, step: number, attrs: readonly string[] = [], wants = true): Event[] {
  const events: Event[] = [];
  const scanner = new XmlScanner({
    open(name: string, tag: Tag, selfClosing: boolean) {
      const values = attrs.map((a) => `${a}=${String(tag.attribute(a))}`).join(' ');
      events.push({ kind: selfClosing ? 'empty' : 'open', name, ...(values ? { detail: values } : {}) });
    },
    close: (name) => void events.push({ kind: 'close', name }),
    wantsText: () => wants,
    text: (raw) => {
      const last = events.at(-1);
      if (last?.kind === 'text') events[events.length - 1] = { ...last, name: last.name + raw };
      else events.push({ kind: 'text', name: raw });
    },
  });
  for (let at = 0; at < text.length; at += step) scanner.write(text.slice(at, at + step));
  if (scanner.unfinished) events.push({ kind: 'unfinished', name: '' });
  return events;
}

describe('the XML scanner', () => {
  const doc =
    '<?xml version="1.0"?><!DOCTYPE x><x:a r="1"><!-- a > b --><b/>t&amp;<![CDATA[<c>]]]]><x:d\tk="2"\n/>u</x:a>';
  const expected: Event[] = [
    { kind: 'open', name: 'a' },
    { kind: 'empty', name: 'b' },
    { kind: 'text', name: 't&amp;<![CDATA[<c>]]]]>' },
    { kind: 'empty', name: 'd' },
    { kind: 'text', name: 'u' },
    { kind: 'close', name: 'a' },
  ];

  it('finds tags, text, CDATA, comments and declarations, whatever the chunks', () => {
    for (const step of [1, 2, 3, 5, 8, 13, 1000]) expect(scan(doc, step)).toEqual(expected);
  });

  it('hands on no text unless asked', () => {
    expect(scan(doc, 4, [], false).filter((e) => e.kind === 'text')).toEqual([]);
  });

  it('knows when the document ends inside a tag, a comment or CDATA', () => {
    for (const cut of ['<a', '<a><!-- x', '<a><![CDATA[x', '<a><!', '<']) {
      expect(scan(cut, 1).at(-1)).toEqual({ kind: 'unfinished', name: '' });
    }
    expect(scan('<a>text', 1).at(-1)).toEqual({ kind: 'text', name: 'text' });
  });

  it('reads attributes standing alone, quoted either way, with spaces around =', () => {
    const events = scan(
      `<c ref="X9" r = 'B2' t="s"/><c x:r="C3" s="1"/><c rr="D4"/><c r=E5 r="F6"/><c r="unclosed/>`,
      7,
      ['r', 't'],
    );
    expect(events.map((e) => e.detail)).toEqual([
      'r=B2 t=s',
      'r=C3 t=undefined',
      'r=undefined t=undefined',
      'r=F6 t=undefined',
      'r=undefined t=undefined',
    ]);
  });

  it('reads integer and column attributes in place', () => {
    const read: Array<[number, number]> = [];
    const scanner = new XmlScanner({
      open: (_name, tag) => void read.push([tag.integer('r'), tag.column('r')]),
      close: () => undefined,
      wantsText: () => false,
      text: () => undefined,
    });
    scanner.write(`<c r="12"/><c r="AB12"/><c r="a1"/><c r="Z"/><c r=""/><c r="1x"/><c/><c r='7"/><c r="3`);
    scanner.write(`"/><c	r="5">`);
    expect(read).toEqual([
      [12, -1],
      [NaN, 27],
      [NaN, 0],
      [NaN, 25],
      [NaN, -1],
      [NaN, -1],
      [NaN, -1],
      [NaN, -1],
      [3, -1],
      [5, -1],
    ]);
  });
});

describe('the shared strings table', () => {
  it('gives back items added as text and as spans of bytes, in order', () => {
    const table = new StringTable();
    table.add('first');
    const ascii = table.addBytes(Buffer.from('<t>plain</t>'));
    table.addSpan(ascii, 3, 8);
    const utf8 = table.addBytes(Buffer.from('café 日本'));
    table.addSpan(utf8, 0, 5);
    table.addSpan(utf8, 6, 12);
    table.add('');
    table.add('last');
    table.finish();
    expect(table.size).toBe(6);
    expect(Array.from({ length: 6 }, (_, i) => table.get(i))).toEqual([
      'first',
      'plain',
      'café',
      '日本',
      '',
      'last',
    ]);
    for (const outside of [-1, 6, 1.5, Number.NaN]) expect(table.get(outside)).toBeUndefined();
  });

  it('keeps many items across blocks of a megabyte', () => {
    const table = new StringTable();
    const texts = Array.from({ length: 5000 }, (_, i) => `${i}:${'x'.repeat(i % 700)}`);
    for (const text of texts) table.add(text);
    table.add('y'.repeat(1 << 20));
    table.add('after');
    table.finish();
    expect(table.size).toBe(5002);
    expect(texts.every((text, i) => table.get(i) === text)).toBe(true);
    expect(table.get(5000)).toHaveLength(1 << 20);
    expect(table.get(5001)).toBe('after');
  });
});
