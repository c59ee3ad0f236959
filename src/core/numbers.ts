/**
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
