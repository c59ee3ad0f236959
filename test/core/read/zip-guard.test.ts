import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../../src/core/read/errors.js';
import {
  entryBytes,
  guardZip,
  MAX_RATIO,
  MAX_UNCOMPRESSED_BYTES,
  openCheckedZip,
} from '../../../src/core/read/zip-guard.js';
import { makeZip } from './zip.js';

// The zip-bomb guard, on each side of each limit: the archive's declared sizes and ratios are checked
// before any parser runs, and each part is stopped as soon as it inflates past what it declares.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zip-guard-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function save(zip: Buffer): Promise<string> {
  const path = join(dir, `z${++counter}.xlsx`);
  await writeFile(path, zip);
  return path;
}

async function refusal(run: Promise<unknown>): Promise<string> {
  const error = await run.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  expect((error as DataError).id).toBe('invalid-file');
  return (error as DataError).message;
}

async function names(path: string): Promise<string[]> {
  const { zip, entries } = await openCheckedZip(path, 'in.xlsx', '.xlsx');
  zip.close();
  return [...entries.keys()];
}

async function bytesOf(path: string, name: string): Promise<Buffer> {
  const { zip, entries } = await openCheckedZip(path, 'in.xlsx', '.xlsx');
  zip.close();
  const entry = entries.get(name);
  if (entry === undefined) throw new Error(`no ${name}`);
  const pieces: Buffer[] = [];
  for await (const piece of entryBytes(path, entry, 'in.xlsx')) pieces.push(piece);
  return Buffer.concat(pieces);
}

const MB = 1024 * 1024;
const tiny = Buffer.from('x');

describe('the zip directory checks', () => {
  it('accepts 200 MB declared in all, and refuses a byte more', async () => {
    expect(MAX_UNCOMPRESSED_BYTES).toBe(200 * MB);
    // Parts of exactly 1 MB pass the ratio check whatever their ratio: only the total counts here.
    const parts = (n: number, last = MB) =>
      Array.from({ length: n }, (_, i) => ({
        name: `p${i}`,
        data: tiny,
        declaredSize: i === n - 1 ? last : MB,
      }));
    expect(await names(await save(makeZip(parts(200))))).toHaveLength(200);
    const over = await refusal(openCheckedZip(await save(makeZip(parts(201, 1))), 'in.xlsx', '.xlsx'));
    expect(over).toBe(
      'in.xlsx: refusing to open this spreadsheet (200 MB uncompressed); save a smaller file or export it as CSV',
    );
  });

  it('refuses a part over a megabyte compressed more than 200 to 1, and accepts one at the limit', async () => {
    expect(MAX_RATIO).toBe(200);
    const zeros = Buffer.alloc(2 * MB);
    const message = await refusal(guardZip(await save(makeZip([{ name: 'a', data: zeros }])), 'in.xlsx'));
    expect(message).toMatch(/^in\.xlsx: refusing to open this spreadsheet \(a part compressed \d+ to 1\)/);
    // A megabyte of zeros compresses about a thousand to one, but a part that small is let through.
    expect(await names(await save(makeZip([{ name: 'a', data: Buffer.alloc(MB) }])))).toEqual(['a']);
    // Stored, not compressed: 2 MB at 1 to 1.
    const stored = await save(makeZip([{ name: 'a', data: zeros, method: 0 }]));
    await guardZip(stored, 'in.xlsx');
    expect((await bytesOf(stored, 'a')).equals(zeros)).toBe(true);
    // Declared 201 times its compressed size, and 200 times (the directory alone is read).
    const raw = Buffer.alloc(10 * 1024, 7);
    const at = (ratio: number) => makeZip([{ name: 'a', data: raw, raw, declaredSize: raw.length * ratio }]);
    expect(await names(await save(at(200)))).toEqual(['a']);
    expect(await refusal(openCheckedZip(await save(at(201)), 'in.xlsx', '.xlsx'))).toContain(
      '(a part compressed 201 to 1)',
    );
  });

  it('refuses more than 10,000 parts before reading them', async () => {
    // The count comes from the end record: one part, said to be 10,001 (or 10,000, then read and found missing).
    const counted = (n: number) => {
      const zip = makeZip([{ name: 'a', data: tiny }]);
      zip.writeUInt16LE(n, zip.length - 22 + 8);
      zip.writeUInt16LE(n, zip.length - 22 + 10);
      return zip;
    };
    expect(await refusal(openCheckedZip(await save(counted(10_001)), 'in.xlsx', '.xlsx'))).toBe(
      'in.xlsx: refusing to open this spreadsheet (10001 parts); save a smaller file or export it as CSV',
    );
    expect(await refusal(openCheckedZip(await save(counted(10_000)), 'in.xlsx', '.xlsx'))).toBe(
      'in.xlsx: not a valid .xlsx file (it is not a readable zip archive)',
    );
  });

  it('refuses what is not a zip archive, naming the kind of file expected', async () => {
    const path = await save(Buffer.from('prompt,completion\n'));
    expect(await refusal(openCheckedZip(path, 'in.ods', '.ods'))).toBe(
      'in.ods: not a valid .ods file (it is not a readable zip archive)',
    );
    expect(await refusal(guardZip(path, 'in.xlsb', '.xlsb'))).toContain('not a valid .xlsb file');
    expect(await refusal(guardZip(path, 'in.xlsx'))).toContain('not a valid .xlsx file');
  });
});

describe("a part's bytes", () => {
  it('are inflated whole, in order, for a part larger than a megabyte', async () => {
    const data = Buffer.from(Array.from({ length: 180_000 }, (_, i) => `${i},`).join(''));
    const path = await save(
      makeZip([
        { name: 'first', data: tiny },
        { name: 'big', data },
      ]),
    );
    expect((await bytesOf(path, 'big')).equals(data)).toBe(true);
    expect((await bytesOf(path, 'first')).toString()).toBe('x');
  });

  it('are empty for an empty part', async () => {
    const path = await save(makeZip([{ name: 'empty', data: Buffer.alloc(0), method: 0 }]));
    expect(await bytesOf(path, 'empty')).toHaveLength(0);
  });

  it('stop at a part larger than it declares', async () => {
    const path = await save(makeZip([{ name: 'a', data: Buffer.alloc(5000, 65), declaredSize: 4999 }]));
    expect(await refusal(bytesOf(path, 'a'))).toBe(
      'in.xlsx: refusing to open this spreadsheet (a part larger than it declares); save a smaller file or export it as CSV',
    );
    expect(await refusal(guardZip(path, 'in.ods', '.ods'))).toContain('(a part larger than it declares)');
    const exact = await save(makeZip([{ name: 'a', data: Buffer.alloc(5000, 65), declaredSize: 5000 }]));
    expect(await bytesOf(exact, 'a')).toHaveLength(5000);
    await guardZip(exact, 'in.ods', '.ods');
  });

  it('are refused when encrypted, compressed in an unusual way, or damaged', async () => {
    const encrypted = await save(makeZip([{ name: 'a', data: tiny, flags: 1 }]));
    expect(await refusal(bytesOf(encrypted, 'a'))).toBe(
      'in.xlsx: this spreadsheet is encrypted; save it without a password',
    );
    const flagged = await save(makeZip([{ name: 'a', data: tiny, flags: 2 }]));
    expect((await bytesOf(flagged, 'a')).toString()).toBe('x');
    const bzip = await save(makeZip([{ name: 'a', data: tiny, method: 12 }]));
    expect(await refusal(bytesOf(bzip, 'a'))).toBe(
      'in.xlsx: cannot read this spreadsheet (a part compressed in an unusual way)',
    );
    const damaged = await save(
      makeZip([{ name: 'xl/bad.xml', data: Buffer.alloc(100), raw: Buffer.from([0xff, 0xff, 0xff, 0xff]) }]),
    );
    expect(await refusal(bytesOf(damaged, 'xl/bad.xml'))).toBe(
      'in.xlsx: cannot read this spreadsheet (a damaged part: xl/bad.xml)',
    );
  });

  it('are refused when the local header is not where the directory says', async () => {
    const zip = makeZip([{ name: 'a', data: tiny }]);
    zip.writeUInt32LE(0x12345678, 0);
    const path = await save(zip);
    expect(await refusal(bytesOf(path, 'a'))).toBe(
      'in.xlsx: not a valid spreadsheet file (it is not a readable zip archive)',
    );
  });

  it('start after the local extra field', async () => {
    const zip = makeZip([{ name: 'a', data: Buffer.from('hello') }]);
    // Give the local header a 4-byte extra field: the data moves, the central directory's offset not.
    const extra = Buffer.from([0xfe, 0xca, 0, 0]);
    const nameEnd = 30 + 1;
    const local = Buffer.from(zip.subarray(0, nameEnd));
    local.writeUInt16LE(4, 28);
    const rest = zip.subarray(nameEnd);
    const moved = Buffer.concat([local, extra, rest]);
    // The central directory starts 4 bytes later now.
    const end = moved.length - 22;
    moved.writeUInt32LE(moved.readUInt32LE(end + 16) + 4, end + 16);
    const path = await save(moved);
    expect((await bytesOf(path, 'a')).toString()).toBe('hello');
  });
});
