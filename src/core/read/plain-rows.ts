/**
 * Rows of delimited text that holds no quote character, split without a CSV parser: with no quotes a
 * cell cannot hold a delimiter or a line break, so each line is a row and each delimiter ends a cell.
 * csv-parse looks at every byte through several checks and makes a buffer and a string per cell; on
 * a file 40,000 columns wide that was most of `prepare`'s time. Line ends are `\r\n`, `\n` or a lone
 * `\r`, as csv.ts gives csv-parse; a blank line is a row of one empty cell, as csv-parse reads it.
 * The first quote hands the rest of the file to csv-parse (see `scanDelimitedCells`).
 */
export class PlainRows {
  /** The unfinished last line of the text pushed so far. */
  rest = '';
  /** Rows handed on so far. */
  rows = 0;
  private pendingCr = false;

  constructor(
    private readonly delimiter: string,
    private readonly onRow: (cells: string[]) => void,
  ) {}

  /** Splits `text` (no quote in it) into rows; the unfinished last line waits for more. */
  push(text: string): void {
    if (text === '') return;
    let start = 0;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (text.charCodeAt(0) === 10) start = 1;
    }
    const n = text.length;
    let lf = text.indexOf('\n', start);
    let cr = text.indexOf('\r', start);
    for (;;) {
      const end = lf === -1 ? cr : cr === -1 ? lf : Math.min(lf, cr);
      if (end === -1) break;
      const line = this.rest === '' ? text.slice(start, end) : this.rest + text.slice(start, end);
      this.rest = '';
      this.rows++;
      this.onRow(line.split(this.delimiter));
      start = end + 1;
      if (end === cr) {
        if (end + 1 === n) this.pendingCr = true;
        else if (text.charCodeAt(end + 1) === 10) start++;
        cr = text.indexOf('\r', start);
      }
      if (lf !== -1 && lf < start) lf = text.indexOf('\n', start);
    }
    this.rest += text.slice(start);
  }

  /** The text not yet made into rows (the unfinished line), for the parser that takes over. */
  takeRest(): string {
    const rest = this.rest;
    this.rest = '';
    return rest;
  }

  /** The last line, at the end of the file (a file ending with a line break has none). */
  end(): void {
    if (this.rest === '') return;
    this.rows++;
    this.onRow(this.takeRest().split(this.delimiter));
  }
}
