/**
 * Pure helpers for showing a change inside one line of terminal text: make invisible characters
 * visible, find what changed between two strings, and keep the change in view when the text is long.
 */
export interface Segments {
  readonly before: string;
  readonly changed: string;
  readonly after: string;
}

/** A tab moves the cursor to the terminal's next tab stop, past the layout's columns: shown as `→`. */
export function visibleTabs(text: string): string {
  return text.replace(/\t/g, '→');
}

/** Newlines and tabs would break the one-line layout; show them as symbols instead. */
export function visible(text: string): string {
  return visibleTabs(text.replace(/\r\n|\r|\n/g, '⏎'));
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
export function fitSegments(segments: Segments, width: number, changeWidth = 0): Segments {
  const before = Array.from(segments.before);
  const changed = Array.from(segments.changed);
  const after = Array.from(segments.after);
  if (before.length + changed.length + after.length <= width) return segments;
  // `changeWidth` reserves the same room in the - and + lines so their common text lines up.
  const room = Math.max(0, width - Math.min(Math.max(changed.length, changeWidth), width));
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

export interface Field {
  readonly label: string;
  readonly text: string;
}

/** One line of a before/after comparison. */
export type FieldChange =
  | { readonly kind: 'same'; readonly field: Field }
  | { readonly kind: 'changed'; readonly before: Field; readonly after: Field }
  | { readonly kind: 'removed'; readonly field: Field }
  | { readonly kind: 'added'; readonly field: Field };

/**
 * Pairs the fields of a row before and after a fix by label (exact, then ignoring case, so a renamed
 * `Prompt` → `prompt` pairs up); fields left over were dropped or added by the fix.
 */
export function pairFields(before: readonly Field[], after: readonly Field[]): readonly FieldChange[] {
  const used = new Set<number>();
  const find = (label: string): number => {
    const exact = after.findIndex((f, i) => !used.has(i) && f.label === label);
    if (exact >= 0) return exact;
    return after.findIndex((f, i) => !used.has(i) && f.label.toLowerCase() === label.toLowerCase());
  };
  // matchOf[j]: the before field paired with after field j.
  const matchOf = new Map<number, number>();
  before.forEach((field, i) => {
    const j = find(field.label);
    if (j < 0) return;
    used.add(j);
    matchOf.set(j, i);
  });
  // Shown in the order of the result, a dropped field where it used to be.
  const changes: FieldChange[] = [];
  const paired = new Set(matchOf.values());
  let next = 0;
  const dropUpTo = (end: number): void => {
    for (; next < end; next += 1) {
      const field = before[next];
      if (field !== undefined && !paired.has(next)) changes.push({ kind: 'removed', field });
    }
  };
  after.forEach((field, j) => {
    const i = matchOf.get(j);
    const original = i === undefined ? undefined : before[i];
    if (i === undefined || original === undefined) {
      changes.push({ kind: 'added', field });
      return;
    }
    dropUpTo(i);
    next = Math.max(next, i + 1);
    const same = original.label === field.label && original.text === field.text;
    changes.push(same ? { kind: 'same', field } : { kind: 'changed', before: original, after: field });
  });
  dropUpTo(before.length);
  return changes;
}
