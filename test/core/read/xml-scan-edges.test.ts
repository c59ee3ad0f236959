import { describe, expect, it } from 'vitest';
import { XmlScanner, type Tag } from '../../../src/core/read/xml-scan.js';

// The XML scanner at the edges sheet-text.test.ts leaves: names and attributes after a line end, the
// digits at each end of the range, and what stops a number.

function tags(doc: string, read: (tag: Tag) => unknown): Array<[string, unknown]> {
  const seen: Array<[string, unknown]> = [];
  const scanner = new XmlScanner({
    open: (name, tag) => void seen.push([name, read(tag)]),
    close: (name) => void seen.push([`/${name}`, null]),
    wantsText: () => false,
    text: () => undefined,
  });
  scanner.write(doc);
  return seen;
}

describe('tag names and attributes', () => {
  it('end a name and start an attribute after a line feed or a carriage return', () => {
    expect(tags('<c\nr="A1"/><x:c\rr="B2"></x:c\n>', (tag) => tag.attribute('r'))).toEqual([
      ['c', 'A1'],
      ['c', 'B2'],
      ['/c', null],
    ]);
  });

  it('are read within their own tag only', () => {
    const doc = '<c r="x/><d s="1"/><c t="s"/><d r="1"/><c t="undefined"/><x a x"v" r/><a/><c r=">';
    expect(tags(doc, (tag) => [tag.attribute('r'), tag.attribute('a')])).toEqual([
      ['c', [undefined, undefined]],
      ['d', [undefined, undefined]],
      ['c', [undefined, undefined]],
      ['d', ['1', undefined]],
      ['c', [undefined, undefined]],
      ['x', [undefined, undefined]],
      ['a', [undefined, undefined]],
      ['c', [undefined, undefined]],
    ]);
  });

  it('tell a self-closing tag from a start tag followed by a slash', () => {
    const seen: Array<[string, boolean]> = [];
    const scanner = new XmlScanner({
      open: (name, _tag, selfClosing) => void seen.push([name, selfClosing]),
      close: () => undefined,
      wantsText: () => false,
      text: () => undefined,
    });
    scanner.write('<b/>/<c>/<d/></c>');
    expect(seen).toEqual([
      ['b', true],
      ['c', false],
      ['d', true],
    ]);
  });
});

describe('a column attribute', () => {
  it('stops at the first character that is no letter, whatever its code', () => {
    expect(tags('<c r="B{1"/><c r="B~"/><c r="é"/>', (tag) => tag.column('r')).map(([, n]) => n)).toEqual([
      1, 1, -1,
    ]);
  });
});

describe('an integer attribute', () => {
  it('reads every digit from 0 to 9, and nothing past them', () => {
    const doc = '<c r="90"/><c r="1234567809"/><c r="1/"/><c r="1:"/><c r="0"/><c r=""/>';
    expect(tags(doc, (tag) => tag.integer('r')).map(([, n]) => n)).toEqual([
      90,
      1_234_567_809,
      NaN,
      NaN,
      0,
      NaN,
    ]);
  });
});
