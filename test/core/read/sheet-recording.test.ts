import { describe, expect, it } from 'vitest';
import { SheetRecording } from '../../../src/core/read/sheet-recording.js';
import { StringTable } from '../../../src/core/read/string-table.js';
import { SheetRows, sheetScanner } from '../../../src/core/read/xlsx-sheet.js';
import type { XlsxBook } from '../../../src/core/read/xlsx-parts.js';

// Prepare reads a sheet in several passes; the first records each cell as the sheet names it and the
// next ones replay that. A replay must hand on exactly what reading the XML again would.

function seeded(seed: number): (n: number) => number {
  let state = seed;
  return (n) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
}

function bookOf(strings: readonly string[]): XlsxBook {
  const table = new StringTable();
  for (const text of strings) table.add(text);
  return { sheets: [], date1904: false, sharedStrings: table.finish(), styleFormats: [], formatter: null };
}

/** A sheet's XML with every kind of cell, gaps, empty rows and cells out of column order. */
function sheetXml(random: (n: number) => number, strings: number): string {
  const rows: string[] = [];
  for (let r = 1; r <= 400; r++) {
    const cells: string[] = [];
    const columns = [0, 1, 2, 3, 4].filter(() => random(3) > 0);
    if (random(10) === 0) columns.reverse();
    for (const c of columns) {
      const ref = `${'ABCDE'[c]}${r}`;
      switch (random(7)) {
        case 0:
          cells.push(`<c r="${ref}"><v>${random(1000) / 8}</v></c>`);
          break;
        case 1:
          cells.push(`<c r="${ref}" t="inlineStr"><is><t>inline ${r} &amp; ${c}</t></is></c>`);
          break;
        case 2:
          cells.push(`<c r="${ref}" t="b"><v>${random(2)}</v></c>`);
          break;
        case 3:
          cells.push(`<c r="${ref}" t="s"/>`); // no value: an empty cell
          break;
        default:
          cells.push(`<c r="${ref}" t="s"><v>${random(strings)}</v></c>`);
      }
    }
    if (random(15) !== 0) rows.push(`<row r="${r}">${cells.join('')}</row>`);
  }
  return `<worksheet><sheetData>${rows.join('')}</sheetData></worksheet>`;
}

function read(book: XlsxBook, xml: string, recording: SheetRecording | null): Array<[number, string[]]> {
  const out: Array<[number, string[]]> = [];
  const rows = new SheetRows(book, 'test.xlsx', (row, cells) => out.push([row, [...cells]]), recording);
  const scanner = sheetScanner(rows);
  for (let at = 0; at < xml.length; at += 777) scanner.write(xml.slice(at, at + 777));
  return out;
}

describe('a recorded sheet, replayed', () => {
  for (const seed of [1, 2, 3, 4, 5]) {
    it(`hands on the same rows and cells as reading the XML again (seed ${seed})`, async () => {
      const random = seeded(seed);
      const strings = Array.from({ length: 50 }, (_, i) =>
        i % 9 === 0 ? '' : `text ${i} ${'é'.repeat(i % 3)}`,
      );
      const book = bookOf(strings);
      const xml = sheetXml(random, strings.length);
      const recording = new SheetRecording();
      const direct = read(book, xml, recording);
      expect(direct.length).toBeGreaterThan(300);
      const replayed: Array<[number, string[]]> = [];
      const steps: number[] = [];
      await recording.replay(
        book.sharedStrings,
        (row, cells) => replayed.push([row, [...cells]]),
        (done) => void steps.push(done),
      );
      expect(replayed).toEqual(direct);
      expect(steps.at(-1)).toBe(direct.length);
    });
  }

  it('gives up keeping a sheet whose own texts are too long, and says so', () => {
    const recording = new SheetRecording();
    const long = 'x'.repeat(1 << 20);
    for (let i = 0; i < 15; i++) {
      recording.text(0, long);
      recording.endRow(i + 1);
    }
    expect(recording.overflow).toBe(false);
    for (let i = 15; i < 20; i++) {
      recording.text(0, long);
      recording.endRow(i + 1);
    }
    expect(recording.overflow).toBe(true);
  });
});
