/**
 * A fast path for the commonest JSON Lines shape, `{"prompt": "…", "completion": "…"}`: a flat object
 * whose values are all strings. Instead of building an object per line, it finds each string's range
 * with native `indexOf` and decodes only strings that contain escapes (with JSON.parse, which also
 * validates them). Anything else (numbers, nesting, control characters, escaped keys) returns -1 and
 * the caller parses the line in full, so errors are reported exactly as before.
 *
 * A line is a range [start, end) of a longer text (the chunk it was read in), which is never cut into
 * a string per line: the search for the next backslash, which may run past the line's end, remembers
 * where it stopped, so each text is searched once however many lines it holds.
 *
 * Raw control characters, which JSON forbids in strings, are not looked for in values here: searching
 * every line for them cost more than hashing it. The caller checks each plain value it uses (the
 * digest's character table has a class for them) and the others with `hasControl`.
 */
// eslint-disable-next-line no-control-regex -- raw control characters are exactly what JSON forbids in strings
const CONTROL = /[\u0000-\u001f]/;
const MAX_FIELDS = 64;

export class FlatLine {
  text = '';
  count = 0;
  readonly keys: string[] = [];
  /** Content range of each value (inside its quotes) and whether it holds escapes. */
  readonly starts = new Int32Array(MAX_FIELDS);
  readonly ends = new Int32Array(MAX_FIELDS);
  readonly escaped = new Uint8Array(MAX_FIELDS);
  /** The decoded values of the escaped fields. */
  private readonly decoded: string[] = [];
  /** The first backslash at or after the scanning position (the text's length when none is left). */
  private slash = 0;
  /** The line's range in `text`. */
  start = 0;
  end = 0;

  /** The lines to come are ranges of `text`. */
  reset(text: string): void {
    this.text = text;
    this.start = 0;
    this.slash = -1;
  }

  /**
   * Scans the line [start, end) of the text given to `reset` (the whole text by default); the number of
   * fields, or -1 when the line needs the full parser. Control characters in values are the caller's
   * to find (see above); `trusted`: the line was already validated by an earlier pass over the same
   * file, so those in new keys need not be looked for again either.
   */
  scan(start = 0, end = this.text.length, trusted = false): number {
    const text = this.text;
    // What the searches found holds for later positions only (a line scanned again starts afresh).
    if (start <= this.start) this.reset(text);
    this.start = start;
    this.end = end;
    this.count = -1;
    // Most lines have no backslash, and then a string ends at the next quote, with no escape to look
    // for. The search may run past the line; the next line reuses where it stopped.
    if (this.slash < start) {
      const slash = text.indexOf('\\', start);
      this.slash = slash === -1 ? text.length : slash;
    }
    let i = skip(text, start, end);
    if (i === end || text.charCodeAt(i) !== 123) return -1; // {
    i = skip(text, i + 1, end);
    let n = 0;
    if (i < end && text.charCodeAt(i) === 125) return this.finish(text, i, 0);
    for (;;) {
      if (n === MAX_FIELDS || i === end || text.charCodeAt(i) !== 34) return -1;
      const keyEnd = this.closingQuote(text, i + 1);
      if (keyEnd < 0 || keyEnd >= end || this.slash < keyEnd) return -1; // an escaped key
      // Lines of a file share their keys: reuse the previous line's string when it matches in place.
      const cached = this.keys[n];
      let key: string;
      if (cached !== undefined && cached.length === keyEnd - i - 1 && text.startsWith(cached, i + 1)) {
        key = cached;
      } else {
        key = text.slice(i + 1, keyEnd);
        if (!trusted && CONTROL.test(key)) return -1;
      }
      for (let k = 0; k < n; k++) if (this.keys[k] === key) return -1; // JSON.parse keeps the last
      this.keys[n] = key;
      i = skip(text, keyEnd + 1, end);
      if (i === end || text.charCodeAt(i) !== 58) return -1; // :
      i = skip(text, i + 1, end);
      if (i === end || text.charCodeAt(i) !== 34) return -1; // a value that is not a string
      const close = this.closingQuote(text, i + 1);
      if (close < 0 || close >= end) return -1;
      this.starts[n] = i + 1;
      this.ends[n] = close;
      if (this.slash < close) {
        // Decoded now, so that a bad escape sends the line to the full parser, which names it.
        this.escaped[n] = 1;
        const decoded = decode(text, i, close);
        if (decoded === null) return -1;
        this.decoded[n] = decoded;
      } else this.escaped[n] = 0;
      n++;
      i = skip(text, close + 1, end);
      const c = i === end ? -1 : text.charCodeAt(i);
      if (c === 44) {
        i = skip(text, i + 1, end);
        continue;
      }
      if (c === 125) return this.finish(text, i, n);
      return -1;
    }
  }

  /**
   * Index of the quote closing a string whose content starts at `from`, skipping escaped quotes; -1
   * if none. Leaves `slash` at the first backslash from `from` on.
   */
  private closingQuote(text: string, from: number): number {
    if (this.slash < from) {
      const slash = text.indexOf('\\', from);
      this.slash = slash === -1 ? text.length : slash;
    }
    const at = text.indexOf('"', from);
    if (at < this.slash) return at; // -1 too: no closing quote
    return closingQuote(text, at);
  }

  /** The decoded string value of field `index`. */
  value(index: number): string {
    const start = this.starts[index] ?? 0;
    const end = this.ends[index] ?? 0;
    if (this.escaped[index] === 0) return this.text.slice(start, end);
    return this.decoded[index] ?? '';
  }

  /**
   * The decoded value of field `index` as a range of a string, without cutting one: the line's text
   * for a field without escapes (its units are then exactly the value's), else the decoded value.
   */
  fieldText(index: number): string {
    return this.escaped[index] === 0 ? this.text : (this.decoded[index] ?? '');
  }

  fieldStart(index: number): number {
    return this.escaped[index] === 0 ? (this.starts[index] ?? 0) : 0;
  }

  fieldEnd(index: number): number {
    return this.escaped[index] === 0 ? (this.ends[index] ?? 0) : (this.decoded[index] ?? '').length;
  }

  /** Whether field `index` holds a raw control character (only a value without escapes can). */
  hasControl(index: number): boolean {
    if (this.escaped[index] !== 0) return false;
    const text = this.text;
    const end = this.ends[index] ?? 0;
    for (let i = this.starts[index] ?? 0; i < end; i++) if (text.charCodeAt(i) < 32) return true;
    return false;
  }

  /** The line's own text (for the full parser). */
  lineText(): string {
    return this.text.slice(this.start, this.end);
  }

  private finish(text: string, brace: number, n: number): number {
    if (skip(text, brace + 1, this.end) !== this.end) return -1;
    if (this.keys.length !== n) this.keys.length = n;
    this.count = n;
    return n;
  }
}

/** The first position from `i` that is not JSON whitespace, or `end`. */
function skip(text: string, i: number, end: number): number {
  while (i < end) {
    const c = text.charCodeAt(i);
    if (c !== 32 && c !== 9 && c !== 13 && c !== 10) return i;
    i++;
  }
  return end;
}

/** The first quote from `at` (a quote) on that no backslash escapes; -1 if none. */
function closingQuote(text: string, at: number): number {
  while (at !== -1) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}

/** The string from the quote at `open` to the one at `close`, decoded; null if an escape is bad. */
function decode(text: string, open: number, close: number): string | null {
  try {
    return JSON.parse(text.slice(open, close + 1)) as string;
  } catch {
    return null;
  }
}
