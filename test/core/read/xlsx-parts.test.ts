import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { openWorkbook } from '../../../src/core/read/workbook.js';
import { inline, row, xlsx, type XlsxSpec } from './xlsx-build.js';

// The parts around an XLSX workbook's sheets, at the edges sheet-books.test.ts and
// xlsx-reader.test.ts leave: relationships missing what they need, a sheet without a name, number
// formats without a code, and cell styles outside their list.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-parts-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function open(spec: XlsxSpec) {
  const path = join(dir, `b${++counter}.xlsx`);
  await writeFile(path, xlsx(spec));
  return openWorkbook(path, 'in.xlsx', 'xlsx', 1);
}

async function rowsOf(spec: XlsxSpec): Promise<Array<[number, string[]]>> {
  const book = await open(spec);
  const rows: Array<[number, string[]]> = [];
  await book.scan(0, (r, cells) => rows.push([r, [...cells]]));
  return rows;
}

const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

describe('relationships', () => {
  it('count only whole Relationship elements: with an Id and a Target', async () => {
    const office = `Type="${REL}/officeDocument"`;
    const rootRels = [
      `<Relationship ${office} Target="nowhere.xml"/>`,
      `<Relationship Id="rT" ${office}/>`,
      `<Other Id="rO" ${office} Target="elsewhere.xml"/>`,
      `<Relationship Id="rW" ${office} Target="book/wb.xml"/>`,
    ].join('');
    const book = await open({
      sheets: [{ name: 'S', rows: row(1, inline('A1', 'a')) }],
      workbookPart: 'book/wb.xml',
      noRootRels: true,
      extraParts: [
        { name: '_rels/.rels', data: `<Relationships xmlns="${PKG}">${rootRels}</Relationships>` },
      ],
    });
    expect(book.sheets).toEqual(['S']);
  });

  it('marks a workbook without its workbook part as an invalid file', async () => {
    const error = await open({
      sheets: [{ name: 'S', rows: '' }],
      workbookPart: 'xl/other.xml',
      noRootRels: true,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).id).toBe('invalid-file');
  });
});

describe('the sheets a workbook lists', () => {
  it('names a sheet without a name attribute with no name', async () => {
    const book = await open({
      sheets: [{ name: 'S', rows: '' }],
      extraSheets: '<sheet sheetId="2" r:id="rN"/>',
      extraRels: `<Relationship Id="rN" Type="${REL}/worksheet" Target="worksheets/sheet1.xml"/>`,
    });
    expect(book.sheets).toEqual(['S', '']);
  });
});

describe('number formats', () => {
  const cells = row(1, '<c r="A1" s="1"><v>45365</v></c>', '<c r="B1" s="2"><v>1.5</v></c>');

  it('reads a custom format without a code as General', async () => {
    const styles =
      '<numFmts><numFmt numFmtId="164"/></numFmts><cellXfs><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/></cellXfs>';
    expect(await rowsOf({ sheets: [{ name: 'S', rows: cells }], styles })).toEqual([
      [1, ['2024-03-14', '1.5']],
    ]);
  });

  it('takes cell styles from the cell styles list only, not from a list after it', async () => {
    const styles = '<cellXfs count="1"><xf numFmtId="0"/></cellXfs><dxfs><xf numFmtId="14"/></dxfs>';
    expect(await rowsOf({ sheets: [{ name: 'S', rows: cells }], styles })).toEqual([[1, ['45365', '1.5']]]);
  });
});
