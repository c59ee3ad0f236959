import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readSharedStrings } from '../../../src/core/read/shared-strings.js';
import { openCheckedZip } from '../../../src/core/read/zip-guard.js';
import { makeZip } from './zip.js';

// The shared strings reader takes a fast path for plain `<si><t>…</t></si>` items and cuts the part
// after the last whole item of each inflated megabyte: these parts are several megabytes long, so
// items of every shape fall on both sides of the cuts, and each must come out as written.

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'shared-strings-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

/** Items as written in the XML (with `p` as namespace prefix) and the text each must read as. */
function item(i: number, p: string): [string, string] {
  const text = `row ${i} ${'lorem ipsum '.repeat(i % 17)}`;
  switch (i % 12) {
    case 0:
      return [`<${p}si><${p}t xml:space="preserve">  ${text} </${p}t></${p}si>`, `  ${text} `];
    case 1:
      return [`<${p}si><${p}t>${text} &amp; &lt;&#128512;&#x1F600;</${p}t></${p}si>`, `${text} & <😀😀`];
    case 2:
      return [`<${p}si><${p}t>${text}_x000D_</${p}t></${p}si>`, `${text}\r`];
    case 3:
      return [`<${p}si><${p}t>${text}\r\nnext</${p}t></${p}si>`, `${text}\nnext`];
    case 4:
      return [
        `<${p}si><${p}r><${p}t>${text}</${p}t></${p}r><${p}r><${p}t> bold</${p}t></${p}r></${p}si>`,
        `${text} bold`,
      ];
    case 5:
      return [`<${p}si/>`, ''];
    case 6:
      return [`<${p}si><${p}t/></${p}si>`, ''];
    case 7:
      return [
        `<${p}si><${p}t>${text}</${p}t><${p}rPh sb="0" eb="1"><${p}t>ヨミ</${p}t></${p}rPh></${p}si>`,
        text,
      ];
    case 8:
      return [`<${p}si><${p}t><![CDATA[${text} </${p}si> <b>]]></${p}t></${p}si>`, `${text} </${p}si> <b>`];
    case 9:
      return [`<${p}si><${p}t>café ${text} 日本</${p}t></${p}si>`, `café ${text} 日本`];
    default:
      return [`<${p}si><${p}t>${text}</${p}t></${p}si>`, text];
  }
}

async function roundTrip(name: string, xml: string): Promise<string[]> {
  const path = join(dir, name);
  await writeFile(path, makeZip([{ name: 'xl/sharedStrings.xml', data: Buffer.from(xml) }]));
  const zip = await openCheckedZip(path, name, '.xlsx');
  try {
    const table = await readSharedStrings(zip, 'xl/sharedStrings.xml', name);
    return Array.from({ length: table.size }, (_, i) => table.get(i) as string);
  } finally {
    zip.zip.close();
  }
}

function part(items: ReadonlyArray<[string, string]>, p: string): string {
  const ns = p === '' ? 'xmlns' : `xmlns:${p.slice(0, -1)}`;
  const body = items.map(([xml]) => xml).join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<${p}sst ${ns}="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${body}</${p}sst>`;
}

describe('shared strings', () => {
  for (const p of ['', 'x:']) {
    it(`reads items of every shape across the megabyte cuts${p ? ' (prefixed tags)' : ''}`, async () => {
      const items = Array.from({ length: 25_000 }, (_, i) => item(i, p));
      const read = await roundTrip(`many${p ? '-x' : ''}.xlsx`, part(items, p));
      expect(read.length).toBe(items.length);
      const wrong = read.findIndex((text, i) => text !== items[i]?.[1]);
      expect(wrong === -1 ? null : { index: wrong, read: read[wrong], expected: items[wrong]?.[1] }).toBe(
        null,
      );
    });
  }

  // Plain items are kept as the part's bytes and decoded when asked for: as Latin-1 where a megabyte is
  // all ASCII, as UTF-8 otherwise. A part of each kind, so that neither decoding hides behind the other.
  for (const [kind, word] of [
    ['ASCII', 'plain'],
    ['UTF-8', 'café 😀 日本'],
  ] as const) {
    it(`points into the part's own bytes for plain ${kind} items, with outer spaces kept`, async () => {
      const items = Array.from({ length: 30_000 }, (_, i): [string, string] => {
        const text = `${word} ${i} ${'lorem ipsum '.repeat(i % 13)}`;
        return i % 3 === 0
          ? [`<si><t xml:space="preserve"> ${text}  </t></si>`, ` ${text}  `]
          : [`<si><t>${text}</t></si>`, text];
      });
      const read = await roundTrip(`plain-${kind}.xlsx`, part(items, ''));
      expect(read.length).toBe(items.length);
      const wrong = read.findIndex((text, i) => text !== items[i]?.[1]);
      expect(wrong === -1 ? null : { index: wrong, read: read[wrong], expected: items[wrong]?.[1] }).toBe(
        null,
      );
    });
  }

  it('streams an item longer than several megabytes, and reads the items after it', async () => {
    // Varied letters: a run of one letter would compress past the zip-bomb guard's ratio.
    const bytes = Buffer.alloc(5 << 20);
    let state = 7;
    for (let i = 0; i < bytes.length; i++)
      bytes[i] = 97 + ((state = (state * 1103515245 + 12345) >>> 0) >>> 27);
    const long = bytes.toString('latin1');
    const items: Array<[string, string]> = [
      item(10, ''),
      [`<si><t>${long}</t></si>`, long],
      item(1, ''),
      item(4, ''),
      item(11, ''),
    ];
    const read = await roundTrip('long.xlsx', part(items, ''));
    expect(read.map((text) => text.length)).toEqual(items.map(([, text]) => text.length));
    expect(read).toEqual(items.map(([, text]) => text));
  });
});
