import { describe, expect, it } from 'vitest';
import { LineRanges } from '../../../src/core/read/line-ranges.js';
import { countNewlines, firstInvalidUtf8 } from '../../../src/core/read/utf8.js';
import { isoDate, isPlainObject, jsonText, toText } from '../../../src/core/read/values.js';

// The small pieces the readers share: where a file stops being UTF-8 (the line an error names), how a
// cell or JSON value becomes text (what the prepared file holds), and JSON Lines cut into lines.

describe('firstInvalidUtf8', () => {
  const at = (...bytes: number[]) => firstInvalidUtf8(Uint8Array.from(bytes));
  it('accepts ASCII and well-formed sequences of 2, 3 and 4 bytes', () => {
    expect(firstInvalidUtf8(Buffer.from('a é \u07ff € \uffff 😀 \u{10ffff} \ud7ff'))).toBe(-1);
  });
  it('points at a byte that cannot start a sequence', () => {
    expect(at(0x61, 0x80, 0x61)).toBe(1);
    expect(at(0x61, 0xc0, 0x80)).toBe(1);
    expect(at(0x61, 0xc1, 0x80)).toBe(1);
    expect(at(0x61, 0xf5, 0x80, 0x80, 0x80)).toBe(1);
    expect(at(0x61, 0xff)).toBe(1);
  });
  it('points at a sequence whose continuation is wrong', () => {
    expect(at(0x61, 0x62, 0xc3, 0x41)).toBe(2);
    expect(at(0xe2, 0x82, 0x41, 0x41)).toBe(0);
    expect(at(0xf0, 0x9f, 0x98, 0xc0, 0x41)).toBe(0);
  });
  it('refuses overlong forms, surrogates and code points past U+10FFFF', () => {
    expect(at(0xe0, 0x9f, 0xbf)).toBe(0); // U+07FF in three bytes
    expect(at(0xf0, 0x8f, 0xbf, 0xbf)).toBe(0); // U+FFFF in four bytes
    expect(at(0x41, 0xed, 0xa0, 0x80)).toBe(1); // U+D800
    expect(at(0xed, 0xbf, 0xbf)).toBe(0); // U+DFFF
    expect(at(0xf4, 0x90, 0x80, 0x80)).toBe(0); // U+110000
    expect(at(0xe0, 0xa0, 0x80)).toBe(-1); // U+0800, the smallest three-byte one
    expect(at(0xf0, 0x90, 0x80, 0x80)).toBe(-1); // U+10000
    expect(at(0xc2, 0x80)).toBe(-1); // U+0080
  });
  it('leaves a sequence cut by the end of the bytes to the next chunk', () => {
    expect(at(0x61, 0xe2, 0x82)).toBe(-1);
    expect(at(0x61, 0xf0)).toBe(-1);
  });
  it('checks every sequence, not only the first', () => {
    expect(at(0xc3, 0xa9, 0x61, 0xc3, 0xa9, 0xe9, 0x61, 0x61, 0x61)).toBe(5);
  });
});

describe('countNewlines', () => {
  it('counts line feeds before the end given, not at or after it', () => {
    const bytes = Buffer.from('a\nb\n\nc\n');
    expect(countNewlines(bytes, 0)).toBe(0);
    expect(countNewlines(bytes, 1)).toBe(0);
    expect(countNewlines(bytes, 2)).toBe(1);
    expect(countNewlines(bytes, 5)).toBe(3);
    expect(countNewlines(bytes, bytes.length)).toBe(4);
  });
});

describe('toText', () => {
  it('turns each kind of value into the text the prepared file holds', () => {
    expect(toText('x')).toBe('x');
    expect(toText(undefined)).toBe('');
    expect(toText(null)).toBe('');
    expect(toText(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(toText(-0)).toBe('0');
    expect(toText(-1)).toBe('-1');
    expect(toText(true)).toBe('true');
    expect(toText(false)).toBe('false');
    expect(toText(12345678901234567890n)).toBe('12345678901234567890');
    expect(toText(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01');
    expect(toText({ a: 1 })).toBeNull();
    expect(toText([1])).toBeNull();
    expect(toText(Symbol('s'))).toBeNull();
  });
});

describe('isoDate', () => {
  it('writes a day at midnight UTC as the day, other times to the second or millisecond', () => {
    expect(isoDate(new Date('2024-03-01T00:00:00Z'))).toBe('2024-03-01');
    expect(isoDate(new Date('2024-03-01T13:05:09Z'))).toBe('2024-03-01T13:05:09Z');
    expect(isoDate(new Date('2024-03-01T00:00:00.250Z'))).toBe('2024-03-01T00:00:00.250Z');
    expect(isoDate(new Date(Number.NaN))).toBe('');
  });
});

describe('isPlainObject', () => {
  it('is true for records only', () => {
    expect(isPlainObject({})).toBe(true);
    expect([null, [], new Date(), 'x', 1].map(isPlainObject)).toEqual([false, false, false, false, false]);
  });
});

describe('jsonText', () => {
  it('shows a value as JSON, and names one nested too deeply instead of crashing', () => {
    expect(jsonText({ a: [1, 'b'] })).toBe('{"a":[1,"b"]}');
    expect(jsonText(undefined)).toBe('undefined');
    let deepArray: unknown = [];
    let deepObject: unknown = {};
    for (let i = 0; i < 200_000; i++) {
      deepArray = [deepArray];
      deepObject = { a: deepObject };
    }
    expect(jsonText(deepArray)).toBe('[…nested too deeply to show…]');
    expect(jsonText(deepObject)).toBe('{…nested too deeply to show…}');
  });
});

describe('LineRanges', () => {
  function lines(...chunks: string[]): Array<[number, string]> {
    const seen: Array<[number, string]> = [];
    let text = '';
    const ranges = new LineRanges({
      text: (t) => (text = t),
      line: (line, start, end) => seen.push([line, text.slice(start, end)]),
    });
    for (const chunk of chunks) ranges.push(chunk);
    const count = ranges.end();
    expect(count).toBe(seen.length);
    return seen;
  }
  it('numbers every line, blank ones too, dropping the \\r of \\r\\n', () => {
    expect(lines('a\r\n\nb\r\nc')).toEqual([
      [1, 'a'],
      [2, ''],
      [3, 'b'],
      [4, 'c'],
    ]);
  });
  it('joins a line split across chunks, and has no line after a final newline', () => {
    expect(lines('{"a"', ':1}\r', '\n{"b":2}\n')).toEqual([
      [1, '{"a":1}'],
      [2, '{"b":2}'],
    ]);
    expect(lines('ab', 'c')).toEqual([[1, 'abc']]);
  });
  it('keeps a lone \\r inside a line, and a line that is only \\r is blank', () => {
    expect(lines('a\rb\n\r\n')).toEqual([
      [1, 'a\rb'],
      [2, ''],
    ]);
  });
});
