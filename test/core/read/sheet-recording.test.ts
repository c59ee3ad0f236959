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

  it('replays the number of every row past the first few thousand (the 2,049th was row 0)', async () => {
    const recording = new SheetRecording();
    const strings = new StringTable().finish();
    for (let r = 1; r <= 9000; r++) {
      recording.text(r % 3, `t${r}`);
      recording.endRow(2 * r);
    }
    const rows: Array<[number, string]> = [];
    const steps: Array<[number, number]> = [];
    await recording.replay(
      strings,
      (row, cells) => rows.push([row, cells.join('|')]),
      (done, total) => void steps.push([done, total]),
    );
    expect(rows).toHaveLength(9000);
    const wrong = rows.findIndex(
      ([row, cells], i) => row !== 2 * (i + 1) || cells !== `${'|'.repeat((i + 1) % 3)}t${i + 1}`,
    );
    expect(wrong).toBe(-1);
    expect(steps).toEqual([
      [0, 9000],
      [4096, 9000],
      [8192, 9000],
      [9000, 9000],
    ]);
  });

  it('keeps own texts up to the limit, and nothing once over it', () => {
    const recording = new SheetRecording();
    recording.text(0, 'x'.repeat(16 << 20));
    recording.endRow(1);
    expect(recording.overflow).toBe(false);
    recording.text(0, 'y');
    expect(recording.overflow).toBe(true);
    recording.shared(1, 0);
    recording.endRow(2);
    recording.text(0, 'z');
    expect(recording.overflow).toBe(true);
  });
});
