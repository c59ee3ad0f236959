import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { makeXlsx } from '../../reliability/xlsx.js';

/**
 * scripts/patch-sheetjs.js, applied at install, as SheetJS itself now reads: numeric references name code
 * points (unpatched, `&#128512;` came back as U+F600), and ODS text keeps Excel's `_xHHHH_` unescaped.
 */
const inline = (xml: string): unknown => {
  const sheet = `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>${xml}</t></is></c></row></sheetData></worksheet>`;
  const book = XLSX.read(makeXlsx([], sheet), { dense: true });
  return book.Sheets[book.SheetNames[0] as string]?.['!data']?.[0]?.[0]?.v;
};

describe('the SheetJS patch', () => {
  it('decodes decimal and hex references beyond U+FFFF as one character', () => {
    expect(inline('&#128512; &#x1F600; &#X1f44d; &#65;')).toBe('😀 😀 👍 A');
  });

  it('keeps a reference that names no character as it is written', () => {
    expect(inline('&#xD800; &#1114112;')).toBe('&#xD800; &#1114112;');
  });

  it("still decodes XLSX's _xHHHH_ escapes", () => {
    expect(inline('cr_x000D_ pair _xD83D__xDE00_')).toBe('cr\r pair 😀');
  });

  it('keeps _x000D_ in an ODS cell as the text it is', () => {
    const file = join(import.meta.dirname, '../../fixtures/sheets/sheetjs.ods');
    const book = XLSX.read(readFileSync(file), { dense: true });
    expect(book.Sheets[book.SheetNames[0] as string]?.['!data']?.[7]?.[1]?.v).toBe('keep _x000D_ literal');
  });
});
