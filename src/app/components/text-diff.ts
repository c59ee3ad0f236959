/**
 * Pure helpers for showing a change inside one line of terminal text: make invisible characters
 * visible, find what changed between two strings, and keep the change in view when the text is long.
 */
export interface Segments {
  readonly before: string;
  readonly changed: string;
  readonly after: string;
}

/** Newlines and tabs would break the one-line layout; show them as symbols instead. */
export function visible(text: string): string {
  return text.replace(/\r\n|\r|\n/g, '⏎').replace(/\t/g, '→');
}

/** Spaces inside a highlighted change are what changed (a leading space, a separator): show them. */
export function visibleChange(text: string): string {
  return visible(text).replace(/ /g, '·');
}

/** Splits `a` and `b` into common prefix, differing middle, common suffix (by code point). */
export function diff(a: string, b: string): { readonly a: Segments; readonly b: Segments } {
  const x = Array.from(a);
  const y = Array.from(b);
  let prefix = 0;
  while (prefix < x.length && prefix < y.length && x[prefix] === y[prefix]) prefix += 1;
  let suffix = 0;
  while (
    suffix < x.length - prefix &&
    suffix < y.length - prefix &&
    x[x.length - 1 - suffix] === y[y.length - 1 - suffix]
  ) {
    suffix += 1;
  }
  const split = (chars: string[]): Segments => ({
    before: chars.slice(0, prefix).join(''),
    changed: chars.slice(prefix, chars.length - suffix).join(''),
    after: chars.slice(chars.length - suffix).join(''),
  });
  return { a: split(x), b: split(y) };
}

/** Shortens the unchanged parts (with …) so that the changed part fits in `width` characters. */
export function fitSegments(segments: Segments, width: number): Segments {
  const before = Array.from(segments.before);
  const changed = Array.from(segments.changed);
  const after = Array.from(segments.after);
  if (before.length + changed.length + after.length <= width) return segments;
  const room = Math.max(0, width - Math.min(changed.length, width));
  // Prefer context before the change (prompts end with what changed, e.g. a separator).
  const keepBefore = Math.min(before.length, Math.max(Math.ceil(room * 0.6), room - after.length));
  const keepAfter = Math.min(after.length, Math.max(0, room - keepBefore));
  const shownChanged =
    changed.length > width ? `${changed.slice(0, Math.max(0, width - 1)).join('')}…` : changed.join('');
  return {
    before:
      keepBefore < before.length
        ? `…${before.slice(before.length - keepBefore + 1).join('')}`
        : before.join(''),
    changed: shownChanged,
    after:
      keepAfter < after.length ? `${after.slice(0, Math.max(0, keepAfter - 1)).join('')}…` : after.join(''),
  };
}
