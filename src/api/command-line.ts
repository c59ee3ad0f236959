import type { ProviderProfile } from './providers/profile.js';
import type { StartJobInput } from './start-job.js';

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

/** The `fine-tune create …` line that starts the same job as the wizard's choices (flags by the row). */
export function equivalentCreateCommand(input: StartJobInput, profile?: ProviderProfile): string {
  const h = input.hyperparameters ?? {};
  const words: string[] = ['fine-tune', 'create', '-t', input.trainingPath];
  const add = (flag: string, value: string | number | null | undefined) => {
    if (value !== undefined && value !== null && value !== 'auto') words.push(flag, String(value));
  };
  add('-v', input.validationPath);
  add('-m', input.model);
  add('--suffix', input.suffix);
  add('--epochs', h.nEpochs);
  add('--batch-size', h.batchSize);
  add(profile?.hyperparameters.learningRate.flag ?? '--lr-multiplier', h.learningRate);
  for (const option of profile?.createOptions ?? []) {
    const value = input.options?.[option.key];
    if (value !== undefined && value !== option.default) add(option.flag, value);
  }
  add('--seed', input.seed);
  add('--separator', input.separator);
  add('--stop', input.stop);
  add('--system-prompt', input.systemPrompt);
  add('--provider', profile?.name);
  return words.map(shellQuote).join(' ');
}
