/**
 * The commands fine-tune suggests (the next step after prepare, the job the wizard's choices make, the
 * radar's and rescue's next steps): one quoting rule and one `fine-tune create` builder, so every
 * suggestion pastes into a shell as printed.
 */

/** Quotes a word for a POSIX shell only when it needs it. */
export function shellQuote(word: string): string {
  if (/^[A-Za-z0-9_./:=@%+-]+$/.test(word)) return word;
  if (!/[\n\r\t]/.test(word)) return `'${word.replace(/'/g, `'\\''`)}'`;
  // ANSI-C quoting keeps separators such as "\n\n###\n\n" on one line.
  const escaped = word
    .replace(/\\/g, '\\\\')
    .replace(/'/g, "\\'")
    .replace(/\n/g, '\\n')
    .replace(/\r/g, '\\r')
    .replace(/\t/g, '\\t');
  return `$'${escaped}'`;
}

/** A flag and its value; absent, null and `auto` values are left out (the provider's default applies). */
export type Flag = readonly [flag: string, value: string | number | null | undefined];

/** `fine-tune create -t TRAIN [-v VALID] -m MODEL [flags…]`, every word quoted as it needs. */
export function createCommandLine(
  training: string,
  validation: string | null | undefined,
  model: string,
  flags: readonly Flag[] = [],
): string {
  const words = ['fine-tune', 'create', '-t', training];
  for (const [flag, value] of [['-v', validation], ['-m', model], ...flags] as const) {
    if (value !== undefined && value !== null && value !== 'auto') words.push(flag, String(value));
  }
  return words.map(shellQuote).join(' ');
}
