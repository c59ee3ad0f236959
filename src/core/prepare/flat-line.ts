/**
 * A fast path for the commonest JSON Lines shape, `{"prompt": "…", "completion": "…"}`: a flat object
 * whose values are all strings. Instead of building an object per line, it finds each string's range
 * with native `indexOf` and decodes only strings that contain escapes (with JSON.parse, which also
 * validates them). Anything else (numbers, nesting, control characters, escaped keys) returns -1 and
 * the caller parses the line in full, so errors are reported exactly as before.
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
  private slash = 0;

  /**
   * Scans a line; the number of fields, or -1 when the line needs the full parser. `trusted`: the
   * line was already validated by an earlier pass over the same file, so control characters (which
   * would have failed it there) need not be looked for again.
   */
  scan(text: string, trusted = false): number {
    this.text = text;
    this.count = -1;
    if (!trusted && CONTROL.test(text)) return -1;
    // The first backslash at or after the scanning position (the length when there is none): most
    // lines have none, and then a string ends at the next quote, with no escape to look for.
    const slash = text.indexOf('\\');
    this.slash = slash === -1 ? text.length : slash;
    let i = skip(text, 0);
    if (text.charCodeAt(i) !== 123) return -1; // {
    i = skip(text, i + 1);
    let n = 0;
    if (text.charCodeAt(i) === 125) return this.finish(text, i, 0);
    for (;;) {
      if (n === MAX_FIELDS || text.charCodeAt(i) !== 34) return -1;
      const keyEnd = this.closingQuote(text, i + 1);
      if (keyEnd < 0 || this.slash < keyEnd) return -1; // an escaped key
      // Lines of a file share their keys: reuse the previous line's string when it matches in place.
      const cached = this.keys[n];
      const key =
        cached !== undefined && cached.length === keyEnd - i - 1 && text.startsWith(cached, i + 1)
          ? cached
          : text.slice(i + 1, keyEnd);
      for (let k = 0; k < n; k++) if (this.keys[k] === key) return -1; // JSON.parse keeps the last
      this.keys[n] = key;
      i = skip(text, keyEnd + 1);
      if (text.charCodeAt(i) !== 58) return -1; // :
      i = skip(text, i + 1);
      if (text.charCodeAt(i) !== 34) return -1; // a value that is not a string
      const end = this.closingQuote(text, i + 1);
      if (end < 0) return -1;
      this.starts[n] = i + 1;
      this.ends[n] = end;
      if (this.slash < end) {
        // Decoded now, so that a bad escape sends the line to the full parser, which names it.
        this.escaped[n] = 1;
        const decoded = decode(text, i, end);
        if (decoded === null) return -1;
        this.decoded[n] = decoded;
      } else this.escaped[n] = 0;
      n++;
      i = skip(text, end + 1);
      const c = text.charCodeAt(i);
      if (c === 44) {
        i = skip(text, i + 1);
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

  private finish(text: string, brace: number, n: number): number {
    if (skip(text, brace + 1) !== text.length) return -1;
    if (this.keys.length !== n) this.keys.length = n;
    this.count = n;
    return n;
  }
}

function skip(text: string, i: number): number {
  let c = text.charCodeAt(i);
  while (c === 32 || c === 9 || c === 13 || c === 10) c = text.charCodeAt(++i);
  return i;
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
