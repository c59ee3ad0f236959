import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { partText } from '../../../src/core/read/part-text.js';
import { readSharedStrings } from '../../../src/core/read/shared-strings.js';
import { openCheckedZip } from '../../../src/core/read/zip-guard.js';
import { makeZip } from './zip.js';

// A workbook's parts as text, in small pieces: the shared strings' items of every shape (the fast path
// for plain items and the scanner for the rest, side by side in one small part), and a part decoded
// from UTF-8 or UTF-16 across the pieces it is read in.

let dir = '';
let counter = 0;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'sheet-parts-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

async function withPart<T>(
  data: Buffer,
  use: (zip: Awaited<ReturnType<typeof openCheckedZip>>) => Promise<T>,
  method = 8,
): Promise<T> {
  const path = join(dir, `p${++counter}.xlsx`);
  await writeFile(path, makeZip([{ name: 'part.xml', data, method }]));
  const zip = await openCheckedZip(path, 'in.xlsx', '.xlsx');
  try {
    return await use(zip);
  } finally {
    zip.zip.close();
  }
}

async function shared(body: string, prefix = '', encoding: 'utf8' | 'utf16le' = 'utf8'): Promise<string[]> {
  const text = `<?xml version="1.0"?><${prefix}sst xmlns="x">${body}</${prefix}sst>`;
  const data =
    encoding === 'utf8'
      ? Buffer.from(text)
      : Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  return withPart(data, async (zip) => {
    const table = await readSharedStrings(zip, 'part.xml', 'in.xlsx');
    return Array.from({ length: table.size }, (_, i) => table.get(i) as string);
  });
}

const ITEMS: Array<[string, string]> = [
  ['<si><t>plain</t></si>', 'plain'],
  ['<si/>', ''],
  ['<si><t/></si>', ''],
  ['<si ><t>space after si</t></si>', 'space after si'],
  ['<si\n><t>line after si</t></si>', 'line after si'],
  ['<si\t><t>tab</t></si>', 'tab'],
  ['<si\r\n><t>cr</t></si>', 'cr'],
  ['<sic>not an item</sic>', ''],
  ['<si><t xml:space="preserve"> kept </t></si>', ' kept '],
  ['<si><t foo="1">other attribute</t></si>', 'other attribute'],
  ['<si><t>a &amp; b</t></si>', 'a & b'],
  ['<si><t>after entity</t></si>', 'after entity'],
  ['<si><t>line\r\nend</t></si>', 'line\nend'],
  ['<si><t>escaped_x000D_</t></si>', 'escaped\r'],
  ['<si><t>under_score</t></si>', 'under_score'],
  ['<si><r><t>rich </t></r><r><rPr/><t>text</t></r></si>', 'rich text'],
  ['<si><t><![CDATA[a </si> b]]></t></si>', 'a </si> b'],
  ['<!-- <si><t>commented</t></si> --><si><t>after comment</t></si>', 'after comment'],
  ['<si><t>ruby</t><rPh sb="0" eb="1"><t>ルビ</t></rPh></si>', 'ruby'],
  ['<si><t>café 日本 😀</t></si>', 'café 日本 😀'],
  ['<si><t>last</t></si>', 'last'],
];

describe('shared strings in a small part', () => {
  const body = ITEMS.map(([xml]) => xml).join('');
  const expected = ITEMS.filter(([xml]) => !xml.startsWith('<sic')).map(([, text]) => text);

  it('reads items of every shape, in order', async () => {
    expect(await shared(body)).toEqual(expected);
  });

  it('reads them with a namespace prefix', async () => {
    const prefixed = body.replace(/<(\/?)(si|t|r|rPr|rPh|sic)\b/g, '<$1x:$2');
    expect(await shared(prefixed, 'x:')).toEqual(expected.map((t) => t.replace('</si>', '</x:si>')));
  });

  it('reads them from a UTF-16 part', async () => {
    expect(await shared(body, '', 'utf16le')).toEqual(expected);
  });

  it('reads a part with no items, and no part at all', async () => {
    expect(await shared('')).toEqual([]);
    await withPart(Buffer.from('<sst/>'), async (zip) => {
      expect((await readSharedStrings(zip, undefined, 'in.xlsx')).size).toBe(0);
      expect((await readSharedStrings(zip, 'missing.xml', 'in.xlsx')).size).toBe(0);
    });
  });

  it('keeps a self-closing item apart from the item after it', async () => {
    expect(await shared('<si/><si><t>b</t></si><si /><si><t>d</t></si>')).toEqual(['', 'b', '', 'd']);
  });

  it('skips a comment cut by the end of the first megabyte, holding what looks like an item', async () => {
    const head = '<?xml version="1.0"?><sst xmlns="x">';
    const comment = '<!-- <si><t>commented</t></si> -->';
    // The inflated part is cut after 1 MB: there, inside the comment, just after its "</si>".
    const fill = (1 << 20) - 3 - head.length - (comment.indexOf('</si>') + 5);
    const items: string[] = [];
    // Text that does not compress much (a part compressed hundreds to one is refused as a bomb).
    let seed = 7;
    const noise = (n: number): string =>
      Array.from({ length: n }, () => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return String.fromCharCode(97 + ((seed >>> 16) % 26));
      }).join('');
    let left = fill;
    while (left > 0) {
      const length = left - 1000 >= 20 ? 1000 : left;
      items.push(`<si><t>${noise(length - 15)}</t></si>`);
      left -= length;
    }
    const text = `${head}${items.join('')}${comment}<si><t>after</t></si></sst>`;
    const read = await withPart(Buffer.from(text), async (zip) => {
      const table = await readSharedStrings(zip, 'part.xml', 'in.xlsx');
      return Array.from({ length: table.size }, (_, i) => table.get(i) as string);
    });
    expect(read).toHaveLength(items.length + 1);
    expect(read.at(-1)).toBe('after');
    expect(read.at(-2)).toBe(items.at(-1)?.slice(7, -9));
  });

  it('decodes an entity only in the item that has one, wherever the items fall', async () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      i % 7 === 3
        ? `<si><t>${i} &lt;</t></si>`
        : i % 11 === 5
          ? `<si><t>${i}_x0041_</t></si>`
          : `<si><t>${i}&#</t></si>`,
    );
    const read = await shared(many.join('').replaceAll('&#<', '<'));
    expect(read).toEqual(
      Array.from({ length: 40 }, (_, i) => (i % 7 === 3 ? `${i} <` : i % 11 === 5 ? `${i}A` : `${i}`)),
    );
  });
});

async function texts(data: Buffer, method = 8): Promise<{ pieces: string[]; progress: number[] }> {
  return withPart(
    data,
    async (zip) => {
      const entry = zip.entries.get('part.xml');
      if (entry === undefined) throw new Error('no part');
      const pieces: string[] = [];
      const progress: number[] = [];
      for await (const text of partText(zip, entry, 'in.xlsx', (n) => progress.push(n))) pieces.push(text);
      return { pieces, progress };
    },
    method,
  );
}

describe("a part's text", () => {
  it('drops a UTF-8 byte-order mark and keeps characters cut between pieces whole', async () => {
    // 64 KB pieces: the first ends inside "é", the second inside "😀", and pure ASCII follows.
    const text = `${'a'.repeat(65_535)}é${'b'.repeat(65_533)}😀${'c'.repeat(70_000)}`;
    const { pieces, progress } = await texts(
      Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]),
    );
    expect(pieces.join('')).toBe(text);
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect(progress.at(-1)).toBe(Buffer.byteLength(text) + 3);
  });

  it('reads a UTF-16 part with its byte-order mark', async () => {
    const text = `<a>${'é😀'.repeat(40_000)}</a>`;
    const { pieces } = await texts(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
    expect(pieces.join('')).toBe(text);
  });

  it('keeps one decoder across megabytes: a UTF-16 part and a character cut at the first megabyte', async () => {
    // Stored, not deflated: text this repetitive compresses like a zip bomb.
    const utf16 = `<a>${'é😀'.repeat(200_000)}</a>`;
    const wide = await texts(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(utf16, 'utf16le')]), 0);
    expect(wide.pieces.join('')).toBe(utf16);
    const cut = `${'a'.repeat((1 << 20) - 1)}é${'b'.repeat(10)}`;
    expect((await texts(Buffer.from(cut), 0)).pieces.join('')).toBe(cut);
  });

  it('reads an ASCII part as it is, and an empty one as nothing', async () => {
    const text = `<a>${'x'.repeat(200_000)}</a>`;
    expect((await texts(Buffer.from(text))).pieces.join('')).toBe(text);
    const empty = await texts(Buffer.alloc(0));
    expect(empty.pieces.join('')).toBe('');
  });
});
