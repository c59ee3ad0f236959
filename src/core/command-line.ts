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

/** A written output of prepare, as far as the next step cares. */
export interface WrittenFile {
  readonly role: 'all' | 'train' | 'valid';
  readonly path: string;
}

/**
 * The files the next step trains on: the written training file (or the whole written file), else the
 * input as it is (prepare wrote nothing: the file was usable unchanged); and the validation file, if one
 * was written.
 */
export function trainingFiles(
  outputs: readonly WrittenFile[],
  input: string,
): { readonly train: string; readonly valid: string | undefined } {
  const train = outputs.find((o) => o.role === 'train' || o.role === 'all')?.path ?? input;
  return { train, valid: outputs.find((o) => o.role === 'valid')?.path };
}

/** The next step after prepare: `fine-tune create` on the files it wrote, paths shown as `show` says. */
export function nextCommand(
  outputs: readonly WrittenFile[],
  input: string,
  model: string,
  show: (path: string) => string = (path) => path,
): string {
  const { train, valid } = trainingFiles(outputs, input);
  return createCommandLine(show(train), valid === undefined ? undefined : show(valid), model);
}

/**
 * A flag and its value; absent, null, `false` and `auto` values are left out (the provider's default
 * applies), and `true` is the flag alone (a switch).
 */
export type Flag = readonly [flag: string, value: string | number | boolean | null | undefined];

/** The words of the flags that are given. */
function flagWords(flags: readonly Flag[]): string[] {
  const words: string[] = [];
  for (const [flag, value] of flags) {
    if (value === undefined || value === null || value === false || value === 'auto') continue;
    words.push(...(value === true ? [flag] : [flag, String(value)]));
  }
  return words;
}

/** `fine-tune create -t TRAIN [-v VALID] -m MODEL [flags…]`, every word quoted as it needs. */
export function createCommandLine(
  training: string,
  validation: string | null | undefined,
  model: string,
  flags: readonly Flag[] = [],
): string {
  const words = ['fine-tune', 'create', '-t', training];
  words.push(...flagWords([['-v', validation], ['-m', model], ...flags]));
  return words.map(shellQuote).join(' ');
}

/**
 * `fine-tune create --from-job JOB [flags…]`: train more from a finished job (its model, its data plus
 * the corrections, its settings), the flags over those settings.
 */
export function fromJobCommandLine(job: string, flags: readonly Flag[] = []): string {
  const words = ['fine-tune', 'create', '--from-job', job, ...flagWords(flags)];
  return words.map(shellQuote).join(' ');
}
