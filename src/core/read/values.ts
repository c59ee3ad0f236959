/**
 * Turns one cell or JSON value into text as docs/prepare-checks.md ("Reading", "Where we differ") say: missing and null become
 * `""`, numbers their shortest decimal text, booleans `true`/`false`. Objects and arrays are not text:
 * the caller reports and removes their rows, so they come back as `null`.
 */
export function toText(value: unknown): string | null {
  switch (typeof value) {
    case 'string':
      return value;
    case 'undefined':
      return '';
    case 'number':
      // `String` gives the shortest text that reads back as the same number; -0 is just 0.
      return Object.is(value, -0) ? '0' : String(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'object':
      if (value === null) return '';
      if (value instanceof Date) return isoDate(value);
      return null;
    default:
      return null;
  }
}

/** Spreadsheet dates as ISO text; a date at midnight UTC is just the day. */
export function isoDate(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const iso = date.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * `JSON.stringify` for values read from a user's file, which may nest deeper than the stack allows
 * (a RangeError): those are named rather than shown, so one odd row cannot crash a preview.
 */
export function jsonText(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return Array.isArray(value) ? '[…nested too deeply to show…]' : '{…nested too deeply to show…}';
  }
}
