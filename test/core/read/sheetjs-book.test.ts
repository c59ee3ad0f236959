import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { openWorkbook } from '../../../src/core/read/workbook.js';
import { makeZip } from './zip.js';

// The older formats (.xls, .xlsb, .ods) through SheetJS, at the edges sheet-books.test.ts leaves:
// 1904 dates, error cells, rows with gaps, and the terminal left as it was found.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheetjs-book-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function save(book: XLSX.WorkBook, bookType: 'xlsb' | 'xls' | 'ods'): Promise<string> {
  const path = join(dir, `b${++counter}.${bookType}`);
  await writeFile(path, XLSX.write(book, { type: 'buffer', bookType }) as Buffer);
  return path;
}

async function rowsOf(book: XLSX.WorkBook | string, bookType: 'xlsb' | 'xls' | 'ods') {
  const path = typeof book === 'string' ? book : await save(book, bookType);
  const opened = await openWorkbook(path, 'in', bookType, 1);
  const rows: Array<[number, string[]]> = [];
  await opened.scan(0, (r, cells) => rows.push([r, [...cells]]));
  return rows;
}

function bookOf(sheet: XLSX.WorkSheet, date1904 = false): XLSX.WorkBook {
  const book = XLSX.utils.book_new();
  if (date1904) book.Workbook = { WBProps: { date1904: true } };
  XLSX.utils.book_append_sheet(book, sheet, 'S');
  return book;
}

const ODS_NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" xmlns:number="urn:oasis:names:tc:opendocument:xmlns:datastyle:1.0"';

/** The smallest .ods SheetJS reads: `styles` and `cells` go inside the content's styles and its one row. */
function ods(styles: string, cells: string): Buffer {
  const text = (s: string): Buffer => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>${s}`);
  const manifest = 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';
  return makeZip([
    { name: 'mimetype', data: Buffer.from('application/vnd.oasis.opendocument.spreadsheet'), method: 0 },
    {
      name: 'META-INF/manifest.xml',
      data: text(
        `<manifest:manifest ${manifest}><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>`,
      ),
    },
    { name: 'styles.xml', data: text(`<office:document-styles ${ODS_NS} office:version="1.2"/>`) },
    {
      name: 'content.xml',
      data: text(
        `<office:document-content ${ODS_NS} office:version="1.2"><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:spreadsheet><table:table table:name="S"><table:table-row>${cells}</table:table-row></table:table></office:spreadsheet></office:body></office:document-content>`,
      ),
    },
  ]);
}

/** One cell whose date format holds a quarter, which Excel has not. */
const odsWithQuarter = (): Buffer =>
  ods(
    '<number:date-style style:name="N1"><number:year/><number:quarter/></number:date-style><style:style style:name="ce1" style:family="table-cell" style:data-style-name="N1"/>',
    '<table:table-cell office:value-type="float" office:value="2" table:style-name="ce1"><text:p>2</text:p></table:table-cell>',
  );

describe('an .xls or .xlsb workbook', () => {
  for (const format of ['xls', 'xlsb'] as const) {
    it(`counts dates from 1904 when the .${format} file says so, and from 1900 otherwise`, async () => {
      const sheet: XLSX.WorkSheet = {
        '!ref': 'A1:B1',
        A1: { t: 'n', v: 1, z: 'yyyy-mm-dd' },
        B1: { t: 'n', v: 45365.5, z: 'yyyy-mm-dd hh:mm' },
      };
      expect(await rowsOf(bookOf(sheet, true), format)).toEqual([[1, ['1904-01-02', '2028-03-15T12:00:00']]]);
      expect(await rowsOf(bookOf(sheet), format)).toEqual([[1, ['1900-01-01', '2024-03-14T12:00:00']]]);
    });

    it(`shows an error cell of a .${format} file as Excel shows it`, async () => {
      const sheet: XLSX.WorkSheet = {
        '!ref': 'A1:C3',
        A1: { t: 'e', v: 0x07 },
        C1: { t: 'e', v: 0x2a },
        B2: { t: 's', v: 'b' },
        C3: { t: 's', v: '' },
      };
      expect(await rowsOf(bookOf(sheet), format)).toEqual([
        [1, ['#DIV/0!', '', '#N/A']],
        [2, ['', 'b']],
      ]);
    });
  }
});

describe('numbers that look like booleans', () => {
  // LibreOffice's boolean is a 1 or 0 shown TRUE or FALSE with no format of its own (the corpus's
  // libreoffice.xls): a plain 1 or 0, or a format of the file's own showing TRUE, stays as it is.
  const sheet: XLSX.WorkSheet = {
    '!ref': 'A1:C1',
    A1: { t: 'n', v: 1 },
    B1: { t: 'n', v: 0 },
    C1: { t: 'n', v: 1, z: '"TRUE";"TRUE";"FALSE"' },
  };

  it('are numbers when plain, in an .ods file', async () => {
    expect((await rowsOf(bookOf(sheet), 'ods'))[0]?.[1].slice(0, 2)).toEqual(['1', '0']);
  });

  it('show their own format, in an .xlsb file', async () => {
    expect(await rowsOf(bookOf(sheet), 'xlsb')).toEqual([[1, ['1', '0', 'TRUE']]]);
  });
});

describe('an .ods date', () => {
  it('is read as its day and time, and not at all when its value is no date', async () => {
    const path = join(dir, 'dates.ods');
    await writeFile(
      path,
      ods(
        '',
        '<table:table-cell office:value-type="date" office:date-value="2024-03-14T09:30:00"><text:p>x</text:p></table:table-cell><table:table-cell office:value-type="date" office:date-value="soon"><text:p>y</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>z</text:p></table:table-cell>',
      ),
    );
    expect(await rowsOf(path, 'ods')).toEqual([[1, ['2024-03-14T09:30:00', '', 'z']]]);
  });
});

describe('SheetJS itself', () => {
  it('says nothing on the terminal while it reads, and leaves console.error as it was', async () => {
    // A quarter in a date format: SheetJS reads the cell and says so with console.error.
    const path = join(dir, 'quarter.ods');
    await writeFile(path, odsWithQuarter());
    const said: unknown[] = [];
    const before = console.error;
    console.error = (...args: unknown[]) => void said.push(args);
    try {
      expect(await rowsOf(path, 'ods')).toEqual([[1, ['1900-01-02']]]);
      expect(said).toEqual([]);
      console.error('after');
      expect(said).toEqual([['after']]);
    } finally {
      console.error = before;
    }
  });

  it('names its reason for refusing a file in the one line of the refusal', async () => {
    const path = join(dir, 'broken.xls');
    await writeFile(path, Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]));
    const error = await openWorkbook(path, 'in.xls', 'xls', 11).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(
      'in.xls: cannot read this spreadsheet (CFB file size 11 < 512)',
    );
    expect((error as DataError).id).toBe('invalid-file');
  });

  it('marks a sheet number it does not have as an invalid file', async () => {
    const path = await save(bookOf({ '!ref': 'A1', A1: { t: 's', v: 'a' } }), 'xlsb');
    const book = await openWorkbook(path, 'in', 'xlsb', 1);
    const error = await book.scan(1, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).id).toBe('invalid-file');
  });
});
