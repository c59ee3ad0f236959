/**
 * The one home of how numbers, counts and money are written, on screens, in reports and in findings.
 *
 * Numbers as `toLocaleString('en-US')` writes them, without it: its first call loads ICU's number
 * formatting, about 10 ms per thread, which a `prepare` run paid twice (engine thread and report).
 * Values these cases do not cover (non-finite, huge) go to `toLocaleString` itself.
 */

/** `1,234,567`: an integer with thousands separators. */
export function withThousands(n: number): string {
  if (!Number.isSafeInteger(n)) return n.toLocaleString('en-US');
  return group(String(Math.abs(n)), n < 0 || Object.is(n, -0));
}

/** `1,234.50`: two decimals, with thousands separators. */
export function withThousandsFixed2(n: number): string {
  const text = String(Math.abs(n));
  if (!Number.isFinite(n) || text.includes('e')) {
    return n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }
  // ICU rounds the shortest decimal form of the number (1.005 gives 1.01), half away from zero.
  const [whole = '0', fraction = ''] = text.split('.');
  let cents = BigInt(whole + fraction.slice(0, 2).padEnd(2, '0'));
  if ((fraction[2] ?? '0') >= '5') cents += 1n;
  const digits = cents.toString().padStart(3, '0');
  const dot = digits.length - 2;
  return group(digits.slice(0, dot), n < 0 || Object.is(n, -0)) + '.' + digits.slice(dot);
}

function group(digits: string, negative: boolean): string {
  let out = '';
  let start = digits.length % 3 || 3;
  out = digits.slice(0, start);
  for (; start < digits.length; start += 3) out += `,${digits.slice(start, start + 3)}`;
  return negative ? `-${out}` : out;
}

/**
 * `1 row`, `2 rows`, `1,234 rows`: a count with its noun. The one home of counted words; screens,
 * reports and findings all use it (a verb that follows takes `agree`).
 */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${withThousands(n)} ${n === 1 ? one : many}`;
}

/** The word that agrees with a count: `agree(1, 'has', 'have')` is `has`. */
export function agree(n: number, one: string, many: string): string {
  return n === 1 ? one : many;
}

/** `12.3`, `1,234.5`, `7`: at most `digits` decimals (no trailing zeros), thousands grouped. */
export function decimal(n: number, digits: number): string {
  if (!Number.isFinite(n)) return String(n);
  const scale = 10 ** digits;
  const rounded = Math.round(Math.abs(n) * scale);
  const whole = Math.floor(rounded / scale);
  const fraction = String(rounded % scale)
    .padStart(digits, '0')
    .replace(/0+$/, '');
  const sign = n < 0 && rounded !== 0 ? '-' : '';
  return `${sign}${withThousands(whole)}${fraction === '' ? '' : `.${fraction}`}`;
}

/** Money: `$12.34`, `$1,234.50`, `<$0.01`, `$0.00`; `unknown` when there is no price. */
export function formatUsd(usd: number | null): string {
  if (usd === null) return 'unknown';
  if (usd > 0 && usd < 0.01) return '<$0.01';
  return `$${withThousandsFixed2(usd)}`;
}
