/**
 * String helpers that count Unicode code points, as docs/prepare-checks.md asks, while working on UTF-16
 * strings for speed. Running prefixes and suffixes are kept in UTF-16 units and trimmed so they never
 * split a surrogate pair.
 */

export function codePointLength(text: string): number {
  let surrogates = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) surrogates++;
  }
  return text.length - surrogates;
}

/** Drops the first `count` code points. */
export function dropCodePoints(text: string, count: number): string {
  let i = 0;
  for (let n = 0; n < count && i < text.length; n++) {
    const c = text.charCodeAt(i);
    // A pair only when a low surrogate follows: a lone high one is a code point alone, as
    // `codePointLength` counts it (else a prefix holding one cut a unit more than its length).
    const next = text.charCodeAt(i + 1);
    i += c >= 0xd800 && c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff ? 2 : 1;
  }
  return text.slice(i);
}

/** The common prefix of `a` and the units [start, end) of `b` (all of it by default), in units. */
export function commonPrefixLength(a: string, b: string, start = 0, end = b.length): number {
  const max = Math.min(a.length, end - start);
  let i = 0;
  while (i < max && a.charCodeAt(i) === b.charCodeAt(start + i)) i++;
  return i;
}

/** The common suffix of `a` and the units [start, end) of `b` (all of it by default), in units. */
export function commonSuffixLength(a: string, b: string, start = 0, end = b.length): number {
  const max = Math.min(a.length, end - start);
  let i = 0;
  while (i < max && a.charCodeAt(a.length - 1 - i) === b.charCodeAt(end - 1 - i)) i++;
  return i;
}

/** A prefix must not end inside a surrogate pair. */
export function wholePrefix(prefix: string): string {
  const last = prefix.charCodeAt(prefix.length - 1);
  return last >= 0xd800 && last <= 0xdbff ? prefix.slice(0, -1) : prefix;
}

/** A suffix must not start inside a surrogate pair. */
export function wholeSuffix(suffix: string): string {
  const first = suffix.charCodeAt(0);
  return first >= 0xdc00 && first <= 0xdfff ? suffix.slice(1) : suffix;
}

/**
 * Whether `text` holds its own last `k` units again, entirely before them (the reference's
 * `prompt[:-k].contains(suffix)`).
 */
export function repeatsSuffix(text: string, k: number): boolean {
  if (2 * k > text.length) return false;
  const at = text.indexOf(text.slice(text.length - k));
  return at <= text.length - 2 * k;
}

/**
 * Characters a JSON string must escape (quote, backslash, controls) and surrogates (a lone one must be
 * escaped; a pair is left to JSON.stringify too, to keep this test simple).
 */
// eslint-disable-next-line no-control-regex -- the controls are exactly what JSON escapes
const NEEDS_JSON_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Whether `text` can go between a JSON string's quotes as it is, byte for byte what JSON.stringify writes. */
export function jsonSafe(text: string): boolean {
  return !NEEDS_JSON_ESCAPE.test(text);
}

/**
 * A copy that does not share memory with the line it was cut from: a slice would keep the whole
 * megabyte read chunk alive, and a sample spread over the file would keep the file. Slicing a joined
 * string makes V8 flatten it into a new string first, so the result points into that copy, not into
 * the chunk; a round trip through a UTF-16 Buffer did the same at two to three times the CPU (the
 * token sample's 10,000 or so copies on 200k rows cost about a tenth of a second that way).
 * Below 13 units V8 copies a slice anyway.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : (' ' + text).slice(1);
}
