/**
 * A sheet's rows as read once, kept so that the next passes of the same preparation replay them
 * instead of inflating and scanning the sheet's XML again (each pass used to cost as much as reading the
 * shared strings). A cell is kept as a number: its shared string's index, or an index into the few texts
 * that are not shared strings (numbers, dates, inline strings), or empty. A sheet of text (nearly all
 * shared strings) costs a few bytes a cell; one whose own texts grow past `MAX_OWN_CHARS` is not kept.
 */
import type { RowSink } from './xlsx-sheet.js';
import type { StringTable } from './string-table.js';

const EMPTY = -1;
/** Texts kept beside the shared strings, at most (about 32 MB as UTF-16). */
const MAX_OWN_CHARS = 16 << 20;
/** Rows replayed between two looks at the abort signal and the writer's backpressure. */
const ROWS_PER_STEP = 4096;

/** Per-cell references: `>= 0` a shared string, `EMPTY`, or `-2 - i` for own text `i`. */
export class SheetRecording {
  private rowNumbers = new Uint32Array(1024);
  private rowStart = new Uint32Array(1025);
  private cells = new Int32Array(4096);
  private readonly own: string[] = [];
  private ownChars = 0;
  private rows = 0;
  private cellCount = 0;
  /** Too big to keep: the recorder then stops recording and the recording is not used. */
  overflow = false;

  cell(column: number, ref: number): void {
    const at = this.rowStart[this.rows] as number;
    const end = at + column + 1;
    if (end > this.cells.length) this.cells = grown(this.cells, end);
    for (let i = this.cellCount; i < at + column; i++) this.cells[i] = EMPTY;
    this.cells[at + column] = ref;
    this.cellCount = Math.max(this.cellCount, end);
  }

  shared(column: number, index: number): void {
    if (!this.overflow) this.cell(column, index);
  }

  text(column: number, text: string): void {
    if (this.overflow) return;
    this.ownChars += text.length;
    if (this.ownChars > MAX_OWN_CHARS) {
      this.overflow = true;
      return;
    }
    this.own.push(text);
    this.cell(column, -2 - (this.own.length - 1));
  }

  /** The row the cells since the last one belong to. */
  endRow(row: number): void {
    if (this.overflow) return;
    // Each array grows on its own: grown together, the row numbers (one shorter) fell a row behind
    // at 2,048 rows and the 2,049th row was replayed as row 0.
    if (this.rows + 2 > this.rowStart.length) this.rowStart = grown(this.rowStart, this.rows + 2);
    if (this.rows + 1 > this.rowNumbers.length) this.rowNumbers = grown(this.rowNumbers, this.rows + 1);
    this.rowNumbers[this.rows] = row;
    this.rowStart[++this.rows] = this.cellCount;
  }

  /** Hands every row to `sink` as the sheet scan did, with the same cell texts. */
  async replay(
    strings: StringTable,
    sink: RowSink,
    step: (rowsDone: number, rows: number) => Promise<void> | undefined,
  ): Promise<void> {
    for (let r = 0; r < this.rows; r++) {
      if (r % ROWS_PER_STEP === 0) {
        const wait = step(r, this.rows);
        if (wait) await wait;
      }
      const start = this.rowStart[r] as number;
      const end = this.rowStart[r + 1] as number;
      const cells: string[] = new Array<string>(end - start);
      for (let i = start; i < end; i++) {
        const ref = this.cells[i] as number;
        cells[i - start] =
          ref >= 0 ? (strings.get(ref) as string) : ref === EMPTY ? '' : (this.own[-2 - ref] as string);
      }
      sink(this.rowNumbers[r] as number, cells);
    }
    await step(this.rows, this.rows);
  }
}

function grown<T extends Uint32Array | Int32Array>(array: T, size: number): T {
  const next = new (array.constructor as new (n: number) => T)(Math.max(size, array.length * 2));
  next.set(array);
  return next;
}
