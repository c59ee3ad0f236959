import { numberText } from './cell-text.js';
import { DataError } from './errors.js';
import { StringItem } from './shared-strings.js';
import type { SheetRecording } from './sheet-recording.js';
import type { XlsxBook } from './xlsx-parts.js';
import { unescapeOoxml, xmlContent, xmlText } from './xml-text.js';
import { XmlScanner, type Tag, type XmlHandler } from './xml-scan.js';

/**
 * One row of a sheet with content: its number as the spreadsheet shows it, and each cell's text (an
 * array made for this row alone: the receiver may keep or pad it).
 */
export type RowSink = (row: number, cells: readonly string[]) => void;

/**
 * Reads a worksheet's XML as it streams by: each `<row>` becomes its cells' text, handed on when the
 * row closes, so memory holds one row, never the sheet. Cells are placed by their `r` reference (or
 * after the previous one when a writer leaves it out); empty rows are not handed on.
 */
export class SheetRows implements XmlHandler {
  private row = 0;
  private cells: string[] = [];
  private filled = false;
  private column = -1;
  private type = 'n';
  private style = 0;
  private value: string | null = null;
  private capture: 'v' | null = null;
  private raw = '';
  private inline: StringItem | null = null;
  private inCell = false;
  done = false;

  constructor(
    private readonly book: XlsxBook,
    private readonly label: string,
    private readonly sink: RowSink,
    /** Keeps each cell as the sheet names it, for the next passes to replay (see sheet-recording.ts). */
    private readonly recording: SheetRecording | null = null,
  ) {}

  open(name: string, tag: Tag, selfClosing: boolean): void {
    if (this.inline !== null) {
      this.inline.open(name, selfClosing);
      return;
    }
    switch (name) {
      case 'row': {
        const r = tag.integer('r');
        this.row = r > this.row ? r : this.row + 1;
        this.cells = [];
        this.filled = false;
        this.column = -1;
        return;
      }
      case 'c': {
        const at = tag.column('r');
        this.column = at >= 0 ? at : this.column + 1;
        this.type = tag.attribute('t') ?? 'n';
        this.style = tag.integer('s') || 0;
        this.value = null;
        this.inCell = !selfClosing;
        return;
      }
      case 'v':
        if (this.inCell && !selfClosing) {
          this.capture = 'v';
          this.raw = '';
        }
        return;
      case 'is':
        if (this.inCell && !selfClosing) this.inline = new StringItem();
        return;
    }
  }

  close(name: string): void {
    if (this.inline !== null) {
      if (name === 'is') {
        this.value = this.inline.take();
        this.inline = null;
      } else this.inline.close(name);
      return;
    }
    switch (name) {
      case 'v':
        if (this.capture === 'v') {
          this.value = this.raw;
          this.capture = null;
        }
        return;
      case 'c':
        if (this.inCell) this.finishCell();
        this.inCell = false;
        return;
      case 'row':
        // A row without content recorded no cell either (cells are recorded as they fill it).
        if (this.filled) {
          this.sink(this.row, this.cells);
          this.recording?.endRow(this.row);
        }
        this.filled = false;
        return;
      case 'sheetData':
        this.done = true;
        return;
    }
  }

  wantsText(): boolean {
    return this.capture !== null || (this.inline !== null && this.inline.wantsText);
  }

  text(raw: string): void {
    if (this.inline !== null) this.inline.text(raw);
    else this.raw += raw;
  }

  private finishCell(): void {
    const raw = this.value;
    if (raw === null) return;
    let text: string;
    let sharedIndex = -1;
    switch (this.type) {
      case 's': {
        const index = Number(raw);
        const shared = this.book.sharedStrings.get(index);
        sharedIndex = index;
        if (shared === undefined) {
          throw new DataError(
            'invalid-file',
            `${this.label}: row ${this.row} names shared string ${raw.trim()}, which the workbook does not have`,
            this.row,
          );
        }
        text = shared;
        break;
      }
      case 'inlineStr':
        text = raw; // already decoded by the string item
        break;
      case 'str':
        text = unescapeOoxml(xmlContent(raw));
        break;
      case 'b':
        text = raw.trim() === '1' || raw.trim() === 'true' ? 'true' : 'false';
        break;
      case 'e':
        text = xmlText(raw);
        break;
      case 'd':
        // An ISO 8601 date the writer stored as such: shown in the same form as serial dates.
        text = xmlText(raw)
          .trim()
          .replace(/Z$/, '')
          .replace(/\.0+$/, '')
          .replace(/T00:00:00$/, '');
        break;
      default: {
        const value = Number(raw);
        if (raw.trim() === '' || Number.isNaN(value)) {
          text = xmlText(raw);
          break;
        }
        const book = this.book;
        text = numberText(value, book.styleFormats[this.style] ?? null, book.formatter, book.date1904);
      }
    }
    if (text === '') return;
    const cells = this.cells;
    while (cells.length < this.column) cells.push('');
    cells[this.column] = text;
    this.filled = true;
    if (this.recording !== null) {
      if (sharedIndex >= 0) this.recording.shared(this.column, sharedIndex);
      else this.recording.text(this.column, text);
    }
  }
}

/** Feeds a sheet part's text to a `SheetRows`; true once its data has been read. */
export function sheetScanner(rows: SheetRows): XmlScanner {
  return new XmlScanner(rows);
}
