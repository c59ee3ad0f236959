import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { listSheets, openSheet, pickSheet } from '../../../src/core/read/spreadsheet.js';
import { inline, row, xlsx } from './xlsx-build.js';

// A sheet chosen and opened, at the edges sheet-books.test.ts leaves: a sheet numbered past 9, a
// workbook without sheets, a listing stopped, and records holding the header's columns only.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheet-choice-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe('choosing a sheet', () => {
  it('by a number of two digits', () => {
    const sheets = Array.from({ length: 12 }, (_, i) => `Sheet ${i + 1}`);
    expect(pickSheet(sheets, '12', 'f')).toBe(11);
    expect(pickSheet(sheets, '10', 'f')).toBe(9);
  });

  it('in a workbook without sheets: nothing to prepare', () => {
    let error: unknown = null;
    try {
      pickSheet([], undefined, 'f.xlsx');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).id).toBe('no-examples');
  });
});

describe('a workbook of several sheets', () => {
  it('stops counting their rows when told to', async () => {
    const path = join(dir, 'two.xlsx');
    await writeFile(
      path,
      xlsx({
        sheets: [
          { name: 'A', rows: row(1, inline('A1', 'a')) },
          { name: 'B', rows: row(1, inline('A1', 'b')) },
        ],
      }),
    );
    const stop = new AbortController();
    stop.abort(new Error('stopped'));
    await expect(listSheets(path, stop.signal)).rejects.toThrow('stopped');
  });
});

describe('the records of a sheet', () => {
  it('hold the header columns and no other key', async () => {
    const path = join(dir, 'records.xlsx');
    await writeFile(
      path,
      xlsx({
        sheets: [
          { name: 'S', rows: row(1, inline('A1', 'a'), inline('B1', 'b')) + row(2, inline('A2', '1')) },
        ],
      }),
    );
    const sheet = await openSheet(path, 'in.xlsx', 'xlsx', 1, undefined);
    const keys: string[][] = [];
    await sheet.scan((_row, value) => keys.push(Object.keys(value as object)));
    expect(keys).toEqual([['a', 'b']]);
  });
});
