import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { StringTable } from '../../../src/core/read/string-table.js';
import { openWorkbook } from '../../../src/core/read/workbook.js';
import type { XlsxBook } from '../../../src/core/read/xlsx-parts.js';
import { SheetRows, sheetScanner } from '../../../src/core/read/xlsx-sheet.js';
import { inline, row, xlsx, type XlsxSpec } from './xlsx-build.js';

// Our XLSX reader, cell by cell: small workbooks built here, each differing from what Excel writes in
// one detail, read through `openWorkbook` as prepare reads them.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-reader-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function save(spec: XlsxSpec): Promise<string> {
  const path = join(dir, `book${++counter}.xlsx`);
  await writeFile(path, xlsx(spec));
  return path;
}

async function rowsOf(spec: XlsxSpec, sheet = 0): Promise<Array<[number, string[]]>> {
  const path = await save(spec);
  const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 1000);
  const rows: Array<[number, string[]]> = [];
  await book.scan(sheet, (r, cells) => rows.push([r, [...cells]]));
  return rows;
}

async function failure(spec: XlsxSpec, sheet = 0): Promise<DataError> {
  const error = await rowsOf(spec, sheet).catch((e: unknown) => e);
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

const one = (rows: string): XlsxSpec => ({ sheets: [{ name: 'S', rows }] });

describe('XLSX cells', () => {
  it('reads each kind of cell as its text', async () => {
    const rows = await rowsOf({
      sheets: [
        {
          name: 'S',
          rows: row(
            1,
            '<c r="A1" t="s"><v>1</v></c>',
            inline('B1', 'in &amp; line'),
            '<c r="C1" t="str"><v>f &lt;x&gt; _x000D_</v></c>',
            '<c r="D1" t="b"><v>1</v></c>',
            '<c r="E1" t="b"><v>0</v></c>',
            '<c r="F1" t="b"><v> true </v></c>',
            '<c r="G1" t="e"><v>#DIV/0!</v></c>',
            '<c r="H1"><v>0.30000000000000004</v></c>',
            '<c r="I1" t="n"><v>-0</v></c>',
            '<c r="J1" t="d"><v>2024-03-14T00:00:00Z</v></c>',
            '<c r="K1" t="d"><v>2024-03-14T09:30:00.000</v></c>',
            '<c r="L1"><v>abc</v></c>',
            '<c r="M1" t="b"><v>yes</v></c>',
          ),
        },
      ],
      shared: ['<si><t>zero</t></si>', '<si><t>one &amp; only</t></si>'],
    });
    expect(rows).toEqual([
      [
        1,
        [
          'one & only',
          'in & line',
          'f <x> \r',
          'true',
          'false',
          'true',
          '#DIV/0!',
          '0.3',
          '0',
          '2024-03-14',
          '2024-03-14T09:30:00',
          'abc',
          'false',
        ],
      ],
    ]);
  });

  it('places cells by their reference, after the previous one without it, and pads the gaps', async () => {
    const rows = await rowsOf(
      one(
        row(1, inline('C1', 'c'), '<c t="inlineStr"><is><t>d</t></is></c>', inline('ab1', 'AB')) +
          '<row><c t="inlineStr"><is><t>first</t></is></c><c><v>2</v></c></row>',
      ),
    );
    const first = ['', '', 'c', 'd', ...Array<string>(23).fill(''), 'AB'];
    expect(rows).toEqual([
      [1, first],
      [2, ['first', '2']],
    ]);
  });

  it('numbers rows by their r, after the previous one without it or when r goes back', async () => {
    const rows = await rowsOf(
      one(
        row(3, inline('A3', 'a')) +
          '<row><c><v>4</v></c></row>' +
          row(2, inline('A2', 'back')) +
          row(9, inline('A9', 'nine')),
      ),
    );
    expect(rows.map(([r]) => r)).toEqual([3, 4, 5, 9]);
  });

  it('hands on no row whose cells are all empty, and no empty cell', async () => {
    const rows = await rowsOf(
      one(
        row(1, '<c r="A1" t="s"/>', '<c r="B1"><v></v></c>', inline('C1', '')) +
          row(2, '<c r="A2"/>', inline('B2', 'b'), '<c r="C2" t="str"><v/></c>') +
          '<row r="3"/>' +
          row(4, '<c r="A4" t="inlineStr"><is><t>x</t><rPh><t>ヨミ</t></rPh></is></c>'),
      ),
    );
    expect(rows).toEqual([
      [2, ['', 'b']],
      [4, ['x']],
    ]);
  });

  it('reads a value only inside a cell', async () => {
    const rows = await rowsOf(one(row(1, '<v>7</v>', inline('A1', 'a'), '<c r="B1"/><v>8</v>')));
    expect(rows).toEqual([[1, ['a']]]);
  });

  it('stops reading at the end of the sheet data', async () => {
    // Past the first 64 KB piece of text: what follows </sheetData> is never scanned.
    const xml = `<worksheet><sheetData>${row(1, inline('A1', 'a'))}</sheetData>${' '.repeat(70_000)}<sheetData>${row(2, inline('A2', 'b'))}</sheetData></worksheet>`;
    expect(await rowsOf({ sheets: [{ name: 'S', rows: '', xml }] })).toEqual([[1, ['a']]]);
    const cut = `<worksheet><sheetData>${row(1, inline('A1', 'a'))}</sheetData>${' '.repeat(70_000)}<row r="2"><c`;
    expect(await rowsOf({ sheets: [{ name: 'S', rows: '', xml: cut }] })).toEqual([[1, ['a']]]);
  });

  it('names the row and the shared string a cell points to that the workbook does not have', async () => {
    const error = await failure({
      sheets: [
        {
          name: 'S',
          rows: row(1, '<c r="A1" t="s"><v>0</v></c>') + row(7, '<c r="B7" t="s"><v> 1 </v></c>'),
        },
      ],
      shared: ['<si><t>only</t></si>'],
    });
    expect(error.message).toBe('in.xlsx: row 7 names shared string 1, which the workbook does not have');
    expect(error.position).toBe(7);
    expect(error.id).toBe('invalid-file');
  });

  it('refuses a sheet whose XML is cut short, and reads one cut after its data', async () => {
    const start = `<worksheet><sheetData>${row(1, inline('A1', 'a'))}`;
    const error = await failure({
      sheets: [{ name: 'S', rows: '', xml: `${start}<row r="2"><c r="A2" t="inl` }],
    });
    expect(error.message).toBe('in.xlsx: cannot read this spreadsheet (its sheet XML is cut short)');
    const whole = await rowsOf({ sheets: [{ name: 'S', rows: '', xml: `${start}<row r="2"/>` }] });
    expect(whole).toEqual([[1, ['a']]]);
    const after = await rowsOf({ sheets: [{ name: 'S', rows: '', xml: `${start}</sheetData><mergeCells` }] });
    expect(after).toEqual([[1, ['a']]]);
  });
});

describe('XLSX cells at the edges', () => {
  it('trims booleans and dates, keeps what is not a number or an ISO ending as written', async () => {
    const rows = await rowsOf(
      one(
        row(
          1,
          '<c r="A1" t="b"><v> 1 </v></c>',
          '<c r="B1" t="d"><v> 2024-03-14 </v></c>',
          '<c r="C1" t="d"><v>2024-03-14T09:30:00.05</v></c>',
          '<c r="D1" t="d"><v>2024-03-14T00:00:00.5</v></c>',
          '<c r="E1"><v> </v></c>',
          inline('F1', 'a &amp;amp; b'),
          '<c r="G1" t="inlineStr"><is><r><t>a</t></r> <r><t>b</t></r></is></c>',
        ),
      ),
    );
    expect(rows).toEqual([
      [1, ['true', '2024-03-14', '2024-03-14T09:30:00.05', '2024-03-14T00:00:00.5', ' ', 'a &amp; b', 'ab']],
    ]);
  });

  it('places a cell named before the one read last, and numbers a repeated row after it', async () => {
    const rows = await rowsOf(
      one(row(1, inline('B1', 'b'), inline('A1', 'a')) + row(1, inline('A1', 'again'))),
    );
    expect(rows).toEqual([
      [1, ['a', 'b']],
      [2, ['again']],
    ]);
  });

  it('reads on after an empty inline string', async () => {
    const rows = await rowsOf(
      one(row(1, '<c r="A1" t="inlineStr"><is/></c>', inline('B1', 'b')) + row(2, inline('A2', 'c'))),
    );
    expect(rows).toEqual([
      [1, ['', 'b']],
      [2, ['c']],
    ]);
  });

  it('reads rows without keeping a recording', () => {
    const book: XlsxBook = {
      sheets: [],
      date1904: false,
      sharedStrings: new StringTable().finish(),
      styleFormats: [],
      formatter: null,
    };
    const rows: Array<[number, string[]]> = [];
    const scanner = sheetScanner(new SheetRows(book, 'in.xlsx', (r, cells) => rows.push([r, [...cells]])));
    scanner.write(`<sheetData>${row(1, inline('A1', 'a'), '<c r="B1"><v>2</v></c>')}</sheetData>`);
    expect(rows).toEqual([[1, ['a', '2']]]);
  });
});

describe('XLSX numbers and dates', () => {
  const styles = (xfs: string, fmts = ''): string =>
    `<numFmts>${fmts}</numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs>${xfs}</cellXfs>`;

  it('shows a number in its cell format: built-in, custom, date, and General', async () => {
    const rows = await rowsOf({
      sheets: [
        {
          name: 'S',
          rows: row(
            1,
            '<c r="A1" s="1"><v>1.5</v></c>',
            '<c r="B1" s="2"><v>45365.395833333336</v></c>',
            '<c r="C1" s="3"><v>0.125</v></c>',
            '<c r="D1"><v>0.125</v></c>',
            '<c r="E1" s="4"><v>45365</v></c>',
            '<c r="F1" s="9"><v>2.5</v></c>',
          ),
        },
      ],
      styles: styles(
        '<xf numFmtId="0"/><xf numFmtId="2"/><xf numFmtId="164"/><xf numFmtId="10"/><xf numFmtId="165"/>',
        '<numFmt numFmtId="164" formatCode="yyyy-mm-dd hh:mm"/><numFmt numFmtId="165" formatCode="#,##0.0&quot; kg&quot;"/>',
      ),
    });
    expect(rows).toEqual([[1, ['1.50', '2024-03-14T09:30:00', '12.50%', '0.125', '45,365.0 kg', '2.5']]]);
  });

  it('reads dates from 1904 when the workbook says so, and from 1900 otherwise', async () => {
    const sheets = [{ name: 'S', rows: row(1, '<c r="A1" s="1"><v>1</v></c>') }];
    const xfs = styles('<xf numFmtId="0"/><xf numFmtId="14"/>');
    expect(await rowsOf({ sheets, styles: xfs, workbookPr: '<workbookPr date1904="1"/>' })).toEqual([
      [1, ['1904-01-02']],
    ]);
    expect(await rowsOf({ sheets, styles: xfs, workbookPr: '<workbookPr date1904="true"/>' })).toEqual([
      [1, ['1904-01-02']],
    ]);
    expect(await rowsOf({ sheets, styles: xfs, workbookPr: '<workbookPr date1904="0"/>' })).toEqual([
      [1, ['1900-01-01']],
    ]);
    expect(await rowsOf({ sheets, styles: xfs })).toEqual([[1, ['1900-01-01']]]);
  });

  it('formats nothing when every style is General, or the cell styles list is empty', async () => {
    const sheets = [{ name: 'S', rows: row(1, '<c r="A1" s="1"><v>45365</v></c>') }];
    expect(await rowsOf({ sheets, styles: styles('<xf numFmtId="0"/><xf/>') })).toEqual([[1, ['45365']]]);
    expect(
      await rowsOf({
        sheets,
        styles: '<cellStyleXfs><xf numFmtId="14"/></cellStyleXfs><cellXfs/><xf numFmtId="14"/>',
      }),
    ).toEqual([[1, ['45365']]]);
  });
});
