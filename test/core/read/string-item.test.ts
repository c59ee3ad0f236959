import { describe, expect, it } from 'vitest';
import { StringItem } from '../../../src/core/read/shared-strings.js';
import { XmlScanner } from '../../../src/core/read/xml-scan.js';

// A string item's text (`<si>` or `<is>`) as the scanner hands it on: its runs joined, the phonetic
// guide (`<rPh>`) left out however it is written, and nothing carried into the next item.

/** The text of each `<si>` of `xml`, read through `StringItem` as the shared strings' scanner does. */
function items(xml: string): string[] {
  const item = new StringItem();
  const out: string[] = [];
  let inItem = false;
  const scanner = new XmlScanner({
    open(name, _tag, selfClosing) {
      if (name === 'si') inItem = !selfClosing;
      else if (inItem) item.open(name, selfClosing);
    },
    close(name) {
      if (name === 'si') {
        out.push(item.take());
        inItem = false;
      } else if (inItem) item.close(name);
    },
    wantsText: () => inItem && item.wantsText,
    text: (raw) => item.text(raw),
  });
  scanner.write(xml);
  return out;
}

describe('a string item', () => {
  it('joins its runs, text cut into several pieces included', () => {
    const item = new StringItem();
    item.open('t', false);
    item.text('ab');
    item.text('c');
    item.close('t');
    item.open('t', false);
    item.text(' &amp; d');
    item.close('t');
    expect(item.take()).toBe('abc & d');
    expect(item.take()).toBe('');
  });

  it('reads the text after a self-closing phonetic guide', () => {
    expect(items('<si><rPh/><t>after</t></si>')).toEqual(['after']);
  });

  it('leaves out a phonetic guide after a stray end tag', () => {
    expect(items('<si></rPh><rPh sb="0"><t>ヨミ</t></rPh><t>kept</t></si>')).toEqual(['kept']);
  });

  it('leaves out a guide nested in a guide, up to the outer end tag', () => {
    expect(items('<si><rPh><rPh></rPh><t>ヨミ</t></rPh><t>kept</t></si>')).toEqual(['kept']);
  });

  it('reads only the runs, not the layout between them', () => {
    expect(items('<si>\n  <r>\n    <rPr><b/></rPr>\n    <t>a</t>\n  </r>\n  <r><t>b</t></r>\n</si>')).toEqual(
      ['ab'],
    );
  });

  it('starts the next item afresh after a guide never closed', () => {
    expect(items('<si><t>a</t><rPh><t>ヨミ</t></si><si><t>b</t></si>')).toEqual(['a', 'b']);
  });

  it('reads nothing from a self-closing run, nor the layout after it', () => {
    expect(items('<si><t/>\n  <t>x</t></si>')).toEqual(['x']);
  });
});
