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

  /**
   * Scans a line; the number of fields, or -1 when the line needs the full parser. `trusted`: the
   * line was already validated by an earlier pass over the same file, so control characters (which
   * would have failed it there) need not be looked for again.
   */
  scan(text: string, trusted = false): number {
    this.text = text;
    this.count = -1;
    if (!trusted && CONTROL.test(text)) return -1;
    let i = skip(text, 0);
    if (text.charCodeAt(i) !== 123) return -1; // {
    i = skip(text, i + 1);
    let n = 0;
    if (text.charCodeAt(i) === 125) return this.finish(text, i, 0);
    for (;;) {
      if (n === MAX_FIELDS || text.charCodeAt(i) !== 34) return -1;
      const keyEnd = closingQuote(text, i + 1);
      if (keyEnd < 0 || text.lastIndexOf('\\', keyEnd) > i) return -1;
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
      const end = closingQuote(text, i + 1);
      if (end < 0) return -1;
      this.starts[n] = i + 1;
      this.ends[n] = end;
      const slash = text.indexOf('\\', i + 1);
      this.escaped[n] = slash !== -1 && slash < end ? 1 : 0;
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

  /** The decoded string value of field `index`. */
  value(index: number): string {
    const start = this.starts[index] ?? 0;
    const end = this.ends[index] ?? 0;
    if (this.escaped[index] === 0) return this.text.slice(start, end);
    return JSON.parse(this.text.slice(start - 1, end + 1)) as string;
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

/** Index of the quote closing a string that starts at `from`, skipping escaped quotes; -1 if none. */
function closingQuote(text: string, from: number): number {
  let at = text.indexOf('"', from);
  while (at !== -1) {
    let slashes = 0;
    while (text.charCodeAt(at - 1 - slashes) === 92) slashes++;
    if (slashes % 2 === 0) return at;
    at = text.indexOf('"', at + 1);
  }
  return -1;
}
