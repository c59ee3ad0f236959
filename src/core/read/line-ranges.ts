/**
 * Where a line is in the text it was read from: the engine's fast path scans the decoded chunk in
 * place, without cutting a string per line (a slice is an object for the garbage collector, and
 * reading a slice's characters goes through its parent on every access).
 */
export interface LineRangeSink {
  /** The text the next lines are in (a chunk, or a line joined across two chunks). */
  text(text: string): void;
  /** A line of the last text: its 1-based number and its units [start, end), newline not included. */
  line(line: number, start: number, end: number): void;
}

/**
 * Splits streamed text into JSON Lines on `\n` (a stray `\r` before it is dropped), as ranges of the
 * chunks. A line split across chunks is joined into a string of its own. Every line is reported, blank
 * ones too (with the last only when not empty), numbered from 1.
 */
export class LineRanges {
  private rest = '';
  private lineNumber = 0;

  constructor(private readonly sink: LineRangeSink) {}

  push(text: string): void {
    let at = text.indexOf('\n');
    if (at === -1) {
      this.rest += text;
      return;
    }
    const first = this.rest + text.slice(0, at);
    this.rest = '';
    this.sink.text(first);
    this.emit(first, 0, first.length);
    this.sink.text(text);
    let start = at + 1;
    while ((at = text.indexOf('\n', start)) !== -1) {
      this.emit(text, start, at);
      start = at + 1;
    }
    this.rest = text.slice(start);
  }

  /** Flushes the last line (a file that ends with a newline has no more); the number of lines. */
  end(): number {
    const last = this.rest;
    this.rest = '';
    if (last.length > 0) {
      this.sink.text(last);
      this.emit(last, 0, last.length);
    }
    return this.lineNumber;
  }

  private emit(text: string, start: number, end: number): void {
    if (end > start && text.charCodeAt(end - 1) === 13) end--;
    this.sink.line(++this.lineNumber, start, end);
  }
}
