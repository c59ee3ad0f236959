/**
 * One spreadsheet cell as text, the same rule for every reader (docs/prepare-checks.md, "Reading"):
 * text exactly as stored; a number as the cell shows it — its own number format when it has one
 * (`1.50`, `12%`, `1,234`), else the shortest text of its value to Excel's 15 significant digits
 * (`0.1`, and `0.3` for a stored 0.30000000000000004); a date or time as ISO text without a time zone;
 * booleans `true` / `false`; a formula by its cached value; an error as Excel writes it (`#DIV/0!`).
 */

/** SheetJS's number-format engine (SSF), loaded only for workbooks that format their numbers. */
export interface NumberFormatter {
  format(format: string, value: number, options?: { date1904?: boolean }): string;
  isDate(format: string): boolean;
}

/** A number with no format of its own ("General"). */
export function generalNumber(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  const rounded = Number(value.toPrecision(15));
  return Object.is(rounded, -0) ? '0' : String(rounded);
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/**
 * A date serial (days since 1899-12-30, or since 1904-01-01) as ISO text: `2024-03-14` at midnight,
 * `2024-03-14T09:30:00` with a time, `09:30:00` for a time of day alone (day 0). Seconds are rounded, as Excel shows.
 */
export function serialDateText(serial: number, date1904 = false): string {
  if (!Number.isFinite(serial) || serial < 0) return generalNumber(serial);
  const seconds = Math.round(serial * 86400);
  const time = seconds % 86400;
  const clock = `${pad(Math.floor(time / 3600))}:${pad(Math.floor(time / 60) % 60)}:${pad(time % 60)}`;
  let days = Math.floor(seconds / 86400);
  // Day 0 (30 December 1899, or 1 January 1904) is how spreadsheets store a time of day alone.
  if (days === 0) return clock;
  // Excel's 1900 calendar counts a 29 February 1900 that never was: serials before it are a day late.
  if (!date1904 && days < 61) days += 1;
  const date = new Date(
    Date.UTC(date1904 ? 1904 : 1899, date1904 ? 0 : 11, date1904 ? 1 : 30) + days * 864e5,
  );
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  return time === 0 ? day : `${day}T${clock}`;
}

/** A JavaScript date (from a reader that made one) in the same ISO form, read as wall-clock time. */
export function dateText(date: Date): string {
  if (Number.isNaN(date.getTime())) return '';
  const day = `${pad(date.getUTCFullYear(), 4)}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}`;
  const h = date.getUTCHours();
  const m = date.getUTCMinutes();
  const s = date.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day}T${pad(h)}:${pad(m)}:${pad(s)}`;
}

const GENERAL = /^general$/i;

/** A numeric cell with its number format (null or "General" when it has none). */
export function numberText(
  value: number,
  format: string | null | undefined,
  formatter: NumberFormatter | null,
  date1904 = false,
): string {
  if (
    format === null ||
    format === undefined ||
    format === '' ||
    GENERAL.test(format) ||
    formatter === null
  ) {
    return generalNumber(value);
  }
  if (formatter.isDate(format)) return serialDateText(value, date1904);
  try {
    return formatter.format(format, value, { date1904 });
  } catch {
    // A format SheetJS cannot read is shown as Excel's General would show the value.
    return generalNumber(value);
  }
}

/** The part of SheetJS's SSF module used here (its type declarations leave it untyped). */
interface Ssf {
  format(format: string, value: number, options?: { date1904?: boolean }): string;
  is_date(format: string): boolean;
  get_table(): Record<number, string>;
}
const loadSsf = async (): Promise<Ssf> => ((await import('xlsx')) as unknown as { SSF: Ssf }).SSF;

let ssf: Promise<NumberFormatter> | null = null;

/** Loads SheetJS's number formats once (about a megabyte of code, so only when a workbook needs it). */
export function loadNumberFormatter(): Promise<NumberFormatter> {
  ssf ??= loadSsf().then((SSF) => ({
    format: (format, value, options) => SSF.format(format, value, options),
    isDate: (format) => SSF.is_date(format),
  }));
  return ssf;
}

/** The format string of a built-in number format id (14 → `m/d/yy`), from SheetJS's table. */
export async function builtInFormats(): Promise<Readonly<Record<number, string>>> {
  return (await loadSsf()).get_table();
}
