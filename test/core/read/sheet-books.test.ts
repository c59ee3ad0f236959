import { mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { listSheets, openSheet, pickSheet, sheetSizes } from '../../../src/core/read/spreadsheet.js';
import { openWorkbook, type SpreadsheetFormat } from '../../../src/core/read/workbook.js';
import { inline, row, xlsx, type XlsxSpec } from './xlsx-build.js';

// Workbooks as a whole: which parts hold the sheets, which sheet a choice names, the header and the
// notes, the passes that replay a sheet, and the older formats read through SheetJS.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheet-books-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function save(data: Buffer, ext = 'xlsx'): Promise<string> {
  const path = join(dir, `book${++counter}.${ext}`);
  await writeFile(path, data);
  return path;
}

async function allRows(path: string, format: SpreadsheetFormat, sheet = 0, size = 1000) {
  const book = await openWorkbook(path, 'in', format, size);
  const rows: Array<[number, string[]]> = [];
  await book.scan(sheet, (r, cells) => rows.push([r, [...cells]]));
  return { sheets: book.sheets, rows };
}

async function refusal(run: Promise<unknown>): Promise<DataError> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const two: XlsxSpec = {
  sheets: [
    { name: 'First &amp; one', rows: row(1, inline('A1', 'h')) + row(2, inline('A2', 'a')) },
    {
      name: 'Zwei_x0020_',
      rows: row(1, inline('A1', 'h')) + row(4, inline('B4', 'b')) + row(5, inline('A5', 'c')),
    },
  ],
};

describe('the parts of an XLSX workbook', () => {
  it('names its sheets, decoded, and skips chart sheets and external links', async () => {
    const path = await save(
      xlsx({
        ...two,
        extraSheets:
          '<sheet name="Chart" sheetId="9" r:id="rC"/><sheet name="Far" sheetId="8" r:id="rE"/><sheet name="Lost" sheetId="7" r:id="rNone"/>',
        extraRels: `<Relationship Id="rC" Type="${REL}/chartsheet" Target="charts/c.xml"/><Relationship Id="rE" Type="${REL}/worksheet" Target="http://x/y.xml" TargetMode="External"/>`,
      }),
    );
    expect((await allRows(path, 'xlsx')).sheets).toEqual(['First & one', 'Zwei ']);
    expect((await allRows(path, 'xlsx', 1)).rows).toEqual([
      [1, ['h']],
      [4, ['', 'b']],
      [5, ['c']],
    ]);
  });

  it('finds the workbook where the root relationships say, or at xl/workbook.xml without them', async () => {
    const moved = await save(
      xlsx({
        ...two,
        workbookPart: 'book/main.xml',
        sheets: [{ name: 'S', rows: row(1, inline('A1', 'm')), target: '/book/s/one.xml' }],
      }),
    );
    expect(await allRows(moved, 'xlsx')).toEqual({ sheets: ['S'], rows: [[1, ['m']]] });
    const up = await save(
      xlsx({
        workbookPart: 'a/b/wb.xml',
        sheets: [{ name: 'S', rows: row(1, inline('A1', 'u')), target: '../s.xml' }],
      }),
    );
    expect(await allRows(up, 'xlsx')).toEqual({ sheets: ['S'], rows: [[1, ['u']]] });
    const bare = await save(xlsx({ ...two, noRootRels: true }));
    expect((await allRows(bare, 'xlsx')).sheets).toEqual(['First & one', 'Zwei ']);
  });

  it('refuses a workbook without its workbook part', async () => {
    const path = await save(xlsx({ ...two, workbookPart: 'xl/other.xml', noRootRels: true }));
    const error = await refusal(openWorkbook(path, 'in.xlsx', 'xlsx', 1));
    expect(error.message).toBe('in.xlsx: not a valid .xlsx file (it has no workbook part)');
  });

  it('refuses a sheet it does not list or whose part is missing', async () => {
    const path = await save(xlsx(two));
    const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 1);
    const message = 'in.xlsx: the workbook names a sheet it does not hold';
    expect((await refusal(book.scan(2, () => undefined))).message).toBe(message);
    const missing = await save(
      xlsx({
        sheets: [{ name: 'S', rows: '' }],
        extraSheets: '<sheet name="Gone" sheetId="5" r:id="rG"/>',
        extraRels: `<Relationship Id="rG" Type="${REL}/worksheet" Target="worksheets/gone.xml"/>`,
      }),
    );
    const gone = await openWorkbook(missing, 'in.xlsx', 'xlsx', 1);
    expect(gone.sheets).toEqual(['S', 'Gone']);
    expect((await refusal(gone.scan(1, () => undefined))).message).toBe(message);
  });
});

describe('passes over one XLSX sheet', () => {
  const spec: XlsxSpec = {
    sheets: [
      {
        name: 'S',
        rows: Array.from({ length: 4200 }, (_, i) =>
          row(i + 1, `<c r="A${i + 1}" t="s"><v>${i % 3}</v></c>`, `<c r="C${i + 1}"><v>${i}</v></c>`),
        ).join(''),
      },
      { name: 'T', rows: row(1, inline('A1', 't')) },
    ],
    shared: ['<si><t>zero</t></si>', '<si><t>one</t></si>', '<si><r><t>t</t></r><r><t>wo</t></r></si>'],
  };

  it('replays a sheet read whole with the same rows, progress, backpressure and abort', async () => {
    const path = await save(xlsx(spec));
    const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 777);
    const passes: Array<{ rows: Array<[number, string[]]>; progress: number[]; waits: number }> = [];
    for (let pass = 0; pass < 3; pass++) {
      const rows: Array<[number, string[]]> = [];
      const progress: number[] = [];
      let waits = 0;
      await book.scan(1 - Math.min(pass, 1), () => undefined); // the other sheet between passes: kept
      await book.scan(0, (r, cells) => rows.push([r, [...cells]]), {
        onProgress: (p) => {
          expect(p.totalBytes).toBe(777);
          progress.push(p.bytesRead);
        },
        backpressure: () => {
          waits++;
          return waits % 2 === 0 ? Promise.resolve() : undefined;
        },
      });
      passes.push({ rows, progress, waits });
    }
    const [first, second, third] = passes;
    expect(first?.rows).toHaveLength(4200);
    expect(first?.rows[4199]).toEqual([4200, ['two', '', '4199']]);
    expect(first?.rows[2]).toEqual([3, ['two', '', '2']]);
    expect(second?.rows).toEqual(first?.rows);
    expect(third?.rows).toEqual(first?.rows);
    for (const p of passes) {
      expect(p.progress.at(-1)).toBe(777);
      expect(p.progress).toEqual([...p.progress].sort((a, b) => a - b));
      expect(p.waits).toBeGreaterThan(0);
    }
    // A replay reports every 4,096 rows and once at the end.
    expect(second?.progress).toEqual([0, Math.round((777 * 4096) / 4200), 777]);
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    await expect(book.scan(0, () => undefined, { signal: stop.signal })).rejects.toThrow('stopped');
  });

  it('reads a workbook again once the file changed', async () => {
    const path = await save(
      xlsx({
        sheets: [{ name: 'S', rows: row(1, '<c r="A1" t="s"><v>0</v></c>') }],
        shared: ['<si><t>old</t></si>'],
      }),
    );
    expect((await allRows(path, 'xlsx')).rows).toEqual([[1, ['old']]]);
    await writeFile(
      path,
      xlsx({
        sheets: [{ name: 'S', rows: row(1, '<c r="A1" t="s"><v>0</v></c>') }],
        shared: ['<si><t>new</t></si>'],
      }),
    );
    await utimes(path, new Date(), new Date(Date.now() + 5000));
    expect((await allRows(path, 'xlsx')).rows).toEqual([[1, ['new']]]);
  });

  it('aborts a first read between pieces', async () => {
    const path = await save(xlsx(spec));
    const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 1);
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    let rows = 0;
    await expect(book.scan(0, () => void rows++, { signal: stop.signal })).rejects.toThrow('stopped');
    expect(rows).toBe(0);
  });
});

describe('choosing a sheet', () => {
  const sheets = ['Data', '2', 'Notes'];
  it('by exact name first, then by number from 1, else none with the list', () => {
    expect(pickSheet(sheets, undefined, 'f')).toBe(0);
    expect(pickSheet(sheets, 'Notes', 'f')).toBe(2);
    expect(pickSheet(sheets, '2', 'f')).toBe(1);
    expect(pickSheet(sheets, ' 3 ', 'f')).toBe(2);
    expect(pickSheet(sheets, '1', 'f')).toBe(0);
    for (const bad of ['0', '4', 'notes', '1.5', '-1', '']) {
      const error = (() => {
        try {
          pickSheet(sheets, bad, 'f.xlsx');
        } catch (e) {
          return e as DataError;
        }
      })();
      expect(error?.id).toBe('file-not-found');
      expect(error?.message).toBe(`f.xlsx: no sheet "${bad}"; its sheets are 1 "Data", 2 "2", 3 "Notes"`);
    }
    expect(() => pickSheet([], undefined, 'f.xlsx')).toThrow('f.xlsx: the workbook has no sheet');
  });

  it('lists the sheets with their rows only for a workbook of several', async () => {
    const path = await save(xlsx({ sheets: [...two.sheets, { name: 'Empty', rows: '' }] }));
    expect(await listSheets(path)).toEqual([
      { name: 'First & one', rows: 1 },
      { name: 'Zwei ', rows: 2 },
      { name: 'Empty', rows: 0 },
    ]);
    expect(await sheetSizes(path, 'in', 'xlsx', 1)).toHaveLength(3);
    expect(await listSheets(await save(xlsx(two)))).toEqual([
      { name: 'First & one', rows: 1 },
      { name: 'Zwei ', rows: 2 },
    ]);
    expect(
      await listSheets(await save(xlsx({ sheets: [two.sheets[0] as XlsxSpec['sheets'][0]] }), 'XLSX')),
    ).toEqual([]);
    expect(await listSheets(join(dir, 'missing.csv'))).toEqual([]);
  });
});

describe('a sheet opened for preparing', () => {
  const spec: XlsxSpec = {
    sheets: [
      {
        name: 'Main',
        rows:
          row(2, inline('A2', 'prompt'), inline('B2', 'prompt'), inline('D2', 'x')) +
          row(3, inline('A3', 'p')) +
          row(5, inline('B5', 'q'), inline('F5', 'far')),
      },
      { name: 'Other', rows: row(1, inline('A1', 'h')) },
      { name: 'More', rows: '' },
    ],
  };

  it('takes its first row with content as the header, and pads or cuts the rows to it', async () => {
    const path = await save(xlsx(spec));
    const sheet = await openSheet(path, 'in.xlsx', 'xlsx', 1, undefined);
    expect(sheet.sheet).toBe('Main');
    expect(sheet.sheetIndex).toBe(0);
    expect(sheet.header).toEqual(['prompt', 'prompt.1', 'Unnamed: 2', 'x']);
    expect(sheet.notes).toEqual([
      {
        id: 'other-sheets',
        message: 'Only the sheet "Main" is read; the workbook also has "Other", "More".',
        detail: 'Choose another sheet in the wizard, or with prepare --sheet NAME (or its number, from 1).',
      },
    ]);
    const cells: unknown[] = [];
    await sheet.scanCells({
      header: (h) => cells.push(['header', [...h]]),
      row: (r, c) => cells.push([r, [...c]]),
    });
    expect(cells).toEqual([
      ['header', ['prompt', 'prompt.1', 'Unnamed: 2', 'x']],
      [3, ['p', '', '', '']],
      [5, ['', 'q', '', '']],
    ]);
    const records: unknown[] = [];
    await sheet.scan((r, value) => records.push([r, value]));
    expect(records).toEqual([
      [3, { prompt: 'p', 'prompt.1': '', 'Unnamed: 2': '', x: '' }],
      [5, { prompt: '', 'prompt.1': 'q', 'Unnamed: 2': '', x: '' }],
    ]);
  });

  it('adds no note when the sheet was chosen, or when it is the only one', async () => {
    const path = await save(xlsx(spec));
    const chosen = await openSheet(path, 'in.xlsx', 'xlsx', 1, 'Other');
    expect([chosen.sheet, chosen.sheetIndex, chosen.header, chosen.notes]).toEqual(['Other', 1, ['h'], []]);
    const single = await openSheet(
      await save(xlsx({ sheets: [spec.sheets[1] as XlsxSpec['sheets'][0]] })),
      'in',
      'xlsx',
      1,
      undefined,
    );
    expect(single.notes).toEqual([]);
    const empty = await openSheet(path, 'in.xlsx', 'xlsx', 1, '3');
    expect(empty.header).toEqual([]);
  });

  it('passes on errors other than its own stop', async () => {
    const path = await save(xlsx({ sheets: [{ name: 'S', rows: row(1, '<c r="A1" t="s"><v>3</v></c>') }] }));
    const error = await refusal(openSheet(path, 'in.xlsx', 'xlsx', 1, undefined));
    expect(error.message).toContain('row 1 names shared string 3');
  });
});

describe('older formats, through SheetJS', () => {
  function written(bookType: 'ods' | 'xlsb' | 'xls'): Buffer {
    const book = XLSX.utils.book_new();
    const sheet: XLSX.WorkSheet = {
      '!ref': 'A1:F3',
      A1: { t: 's', v: 'text' },
      B1: { t: 'n', v: 0.1 + 0.2 },
      C1: { t: 'b', v: true },
      D1: { t: 'n', v: 1.5, z: '0.00' },
      E1: { t: 'b', v: false },
      F1: { t: 'n', v: 45365, z: 'yyyy-mm-dd' },
      A3: { t: 's', v: 'third' },
      C3: { t: 's', v: '' },
    };
    XLSX.utils.book_append_sheet(book, sheet, 'One');
    XLSX.utils.book_append_sheet(book, XLSX.utils.aoa_to_sheet([['two']]), 'Two');
    return XLSX.write(book, { type: 'buffer', bookType }) as Buffer;
  }

  for (const format of ['ods', 'xlsb', 'xls'] as const) {
    it(`reads each kind of cell of a .${format} file`, async () => {
      const path = await save(written(format), format);
      const progress: number[] = [];
      const book = await openWorkbook(path, 'in', format, 4321);
      expect(book.sheets).toEqual(['One', 'Two']);
      const rows: Array<[number, string[]]> = [];
      await book.scan(0, (r, cells) => rows.push([r, [...cells]]), {
        onProgress: (p) => progress.push(p.bytesRead, p.totalBytes),
      });
      expect(rows).toEqual([
        [1, ['text', '0.3', 'true', '1.50', 'false', '2024-03-14']],
        [3, ['third']],
      ]);
      expect(progress).toEqual([4321, 4321]);
      expect((await allRows(path, format, 1)).rows).toEqual([[1, ['two']]]);
      expect((await refusal(book.scan(2, () => undefined))).message).toBe('in: the workbook has no sheet 3');
      const stop = new AbortController();
      stop.abort(new Error('stopped'));
      await expect(book.scan(0, () => undefined, { signal: stop.signal })).rejects.toThrow('stopped');
    });
  }

  it('refuses an .xls file over 200 MB before parsing it, and reads one at 200 MB', async () => {
    const path = await save(written('xls'), 'xls');
    const error = await refusal(openWorkbook(path, 'in.xls', 'xls', 200 * 1048576 + 1));
    expect(error.message).toBe(
      'in.xls: refusing to open this spreadsheet (200 MB); save a smaller file or export it as CSV',
    );
    expect((await openWorkbook(path, 'in.xls', 'xls', 200 * 1048576)).sheets).toEqual(['One', 'Two']);
  });

  it('refuses a file SheetJS cannot read, in one line, and a zip-based one that is no zip', async () => {
    const broken = await save(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, 1, 2, 3]), 'xls');
    const error = await refusal(openWorkbook(broken, 'in.xls', 'xls', 11));
    expect(error.message).toMatch(/^in\.xls: cannot read this spreadsheet \([^\n]+\)$/);
    const fake = await save(Buffer.from('not a zip'), 'ods');
    expect((await refusal(openWorkbook(fake, 'in.ods', 'ods', 9))).message).toBe(
      'in.ods: not a valid .ods file (it is not a readable zip archive)',
    );
    const fakeB = await save(Buffer.from('not a zip'), 'xlsb');
    expect((await refusal(openWorkbook(fakeB, 'in.xlsb', 'xlsb', 9))).message).toContain(
      'not a valid .xlsb file',
    );
  });
});
