import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openWorkbook, type SpreadsheetFormat } from '../../../src/core/read/workbook.js';

/**
 * Spreadsheets written by other programs (test/fixtures/sheets/generate.py and generate-sheetjs.mjs),
 * each with the exact text expected of every cell, compared code point by code point.
 */
const DIR = join(import.meta.dirname, '../../fixtures/sheets');
const FILES = readdirSync(DIR).filter((f) => /\.(xlsx|xls|xlsb|ods)$/.test(f));

interface Expected {
  readonly sheets: ReadonlyArray<{ readonly name: string; readonly rows: Array<[number, string[]]> }>;
}

/** Each cell as its code points in hex, so a failure shows U+F600 where U+1F600 was expected. */
const codePoints = (rows: Array<[number, string[]]>): Array<[number, string[]]> =>
  rows.map(([row, cells]) => [
    row,
    cells.map((cell) => [...cell].map((c) => c.codePointAt(0)?.toString(16)).join(' ')),
  ]);

describe('the spreadsheet corpus', () => {
  it('has files from every writer', () => {
    expect(FILES.length).toBeGreaterThanOrEqual(8);
  });

  for (const file of FILES) {
    it(`reads every cell of ${file} exactly`, async () => {
      const expected = JSON.parse(readFileSync(join(DIR, `${file}.expected.json`), 'utf8')) as Expected;
      const path = join(DIR, file);
      const format = file.slice(file.lastIndexOf('.') + 1) as SpreadsheetFormat;
      const book = await openWorkbook(path, file, format, readFileSync(path).length);
      expect(book.sheets).toEqual(expected.sheets.map((s) => s.name));
      for (const [index, sheet] of expected.sheets.entries()) {
        const rows: Array<[number, string[]]> = [];
        await book.scan(index, (row, cells) => rows.push([row, [...cells]]));
        expect({ sheet: sheet.name, rows }).toEqual({ sheet: sheet.name, rows: sheet.rows });
        expect(codePoints(rows)).toEqual(codePoints(sheet.rows));
      }
    });
  }
});
