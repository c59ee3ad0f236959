import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import { openWorkbook } from '../../../src/core/read/workbook.js';
import { inline, row, xlsx, type XlsxSpec } from './xlsx-build.js';

// An XLSX workbook kept between the passes of one preparation: let go once unused for a while, and
// read again after a pass that could not read it.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'xlsx-book-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));
afterEach(() => {
  vi.useRealTimers();
});

const spec: XlsxSpec = {
  sheets: [{ name: 'S', rows: row(1, '<c r="A1" t="s"><v>0</v></c>') + row(2, inline('A2', 'b')) }],
  shared: ['<si><t>a</t></si>'],
};

/**
 * One pass as prepare makes it, opening the file: the rows and the progress it reported (a replay
 * starts at 0, a first read does not).
 */
async function pass(path: string) {
  const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 500);
  const rows: Array<[number, string[]]> = [];
  const progress: number[] = [];
  await book.scan(0, (r, cells) => rows.push([r, [...cells]]), {
    onProgress: (p) => progress.push(p.bytesRead),
  });
  return { rows, progress };
}

/** Sets the "encrypted" flag of one part in the central directory, where the reader looks for it. */
function encrypt(zip: Buffer, name: string): Buffer {
  const out = Buffer.from(zip);
  for (let at = 0; at + 46 <= out.length; at++) {
    if (out.readUInt32LE(at) !== 0x02014b50) continue;
    const length = out.readUInt16LE(at + 28);
    if (out.toString('utf8', at + 46, at + 46 + length) === name) out.writeUInt16LE(1, at + 8);
  }
  return out;
}

describe('the workbook kept between passes', () => {
  it('replays the sheet while passes follow each other, and reads it afresh once left 20 s', async () => {
    const path = join(dir, `b${++counter}.xlsx`);
    await writeFile(path, xlsx(spec));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const expected = [
      [1, ['a']],
      [2, ['b']],
    ];
    const read = await pass(path);
    expect(read).toEqual({ rows: expected, progress: [500] });
    const replay = { rows: expected, progress: [0, 500] };
    vi.advanceTimersByTime(15_000);
    expect(await pass(path)).toEqual(replay);
    // Each pass starts the 20 s again.
    vi.advanceTimersByTime(15_000);
    expect(await pass(path)).toEqual(replay);
    vi.advanceTimersByTime(20_000);
    expect(await pass(path)).toEqual(read);
    vi.advanceTimersByTime(20_000); // let go while the timers are fake, not held by the next test
  });

  it('forgets the timer of a workbook it lets go for another', async () => {
    const first = join(dir, `b${++counter}.xlsx`);
    const second = join(dir, `b${++counter}.xlsx`);
    await writeFile(first, xlsx(spec));
    await writeFile(second, xlsx(spec));
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    await pass(first);
    vi.advanceTimersByTime(15_000);
    expect((await pass(second)).progress).toEqual([500]);
    // 25 s after the first workbook was read, 10 s after the second: the second is still kept.
    vi.advanceTimersByTime(10_000);
    expect((await pass(second)).progress).toEqual([0, 500]);
    vi.advanceTimersByTime(20_000);
  });

  it('reads the workbook again on the next pass after one that could not', async () => {
    const path = join(dir, `b${++counter}.xlsx`);
    await writeFile(path, encrypt(xlsx(spec), 'xl/sharedStrings.xml'));
    const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 500);
    const error = await book.scan(0, () => undefined).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(
      'in.xlsx: this spreadsheet is encrypted; save it without a password',
    );
    await writeFile(path, xlsx(spec));
    const rows: Array<[number, string[]]> = [];
    await book.scan(0, (r, cells) => rows.push([r, [...cells]]));
    expect(rows).toEqual([
      [1, ['a']],
      [2, ['b']],
    ]);
  });
});

describe('a first read of a sheet', () => {
  // Over a megabyte of sheet XML: inflated in two pieces at least, in many 64 KB pieces of text.
  const rows = Array.from({ length: 30_000 }, (_, i) => row(i + 1, `<c r="A${i + 1}"><v>${i}</v></c>`));
  const big: XlsxSpec = { sheets: [{ name: 'S', rows: rows.join('') }] };

  it('reports progress as the sheet inflates, up to the file size', async () => {
    const path = join(dir, `b${++counter}.xlsx`);
    await writeFile(path, xlsx(big));
    const { rows: read, progress } = await pass(path);
    expect(read).toHaveLength(30_000);
    expect(progress.length).toBeGreaterThan(1);
    expect(progress[0]).toBeGreaterThan(0);
    expect(progress[0]).toBeLessThan(500);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    expect(progress.at(-1)).toBe(500);
  });

  it('reads no further while the sink asks it to wait', async () => {
    // 3,000 rows: a hundred kilobytes, two pieces of text at least.
    const path = join(dir, `b${++counter}.xlsx`);
    await writeFile(path, xlsx({ sheets: [{ name: 'S', rows: rows.slice(0, 3000).join('') }] }));
    const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 500);
    let seen = 0;
    let release: (() => void) | null = null;
    const scan = book.scan(0, () => void seen++, {
      backpressure: () => (release === null ? new Promise<void>((r) => (release = r)) : undefined),
    });
    await vi.waitFor(() => expect(release).not.toBeNull());
    const before = seen;
    expect(before).toBeGreaterThan(0);
    expect(before).toBeLessThan(3000);
    for (let turn = 0; turn < 5; turn++) await new Promise((r) => setImmediate(r));
    expect(seen).toBe(before);
    (release as unknown as () => void)();
    await scan;
    expect(seen).toBe(3000);
  });
});

describe('refusals of an XLSX workbook', () => {
  it('names the file as no .xlsx when it is no zip', async () => {
    const path = join(dir, `b${++counter}.xlsx`);
    await writeFile(path, 'not a zip');
    const error = await openWorkbook(path, 'in.xlsx', 'xlsx', 9).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe(
      'in.xlsx: not a valid .xlsx file (it is not a readable zip archive)',
    );
  });

  it('marks a sheet it cannot find or that is cut short as an invalid file', async () => {
    const path = join(dir, `b${++counter}.xlsx`);
    await writeFile(
      path,
      xlsx({
        sheets: [{ name: 'S', rows: '', xml: `<worksheet><sheetData>${row(1, inline('A1', 'a'))}<row` }],
      }),
    );
    const book = await openWorkbook(path, 'in.xlsx', 'xlsx', 9);
    for (const index of [1, 0]) {
      const error = await book.scan(index, () => undefined).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect((error as DataError).id).toBe('invalid-file');
    }
  });
});
