/**
 * Corrections: answers the user fixed (in the chat tester or the eval screen), kept as training rows in
 * a file beside the prepared data, `data_prepared_corrections.jsonl` next to `data_prepared_train.jsonl`,
 * in the training file's own format, so the next `create` can train on them and `prepare` reads them
 * unchanged. Written atomically (the whole file again, renamed into place): a crash never leaves half a
 * row. A validation example is never copied into training silently: `moveOutOfValidation` takes it out
 * of the validation file in the same step, so it is never in both.
 */
import { randomBytes } from 'node:crypto';
import { access, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { UserError } from './errors.js';
import { basename, dirname, join } from 'node:path';
import { agree, plural } from './numbers.js';
import { inferInferenceFormat, inferSystemPrompt } from './prepare/infer-format.js';

export type DataShape =
  | { readonly kind: 'chat'; readonly systemPrompt: string | null }
  | {
      readonly kind: 'prompt-completion';
      readonly separator: string | null;
      readonly stop: string | null;
      /** Completions start with a space (the tokenizer's habit prepare keeps). */
      readonly leadingSpace: boolean;
    };

export interface ChatTurn {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** What was asked: a prompt, or the conversation before the answer. */
export type Asked = { readonly prompt: string } | { readonly messages: readonly ChatTurn[] };

/** `x_prepared_train.jsonl` → `x_prepared_corrections.jsonl`; any other name gets `_corrections` added. */
export function correctionsPathFor(trainingPath: string): string {
  const name = basename(trainingPath);
  const stem = name.replace(/_train\.jsonl?$/iu, '').replace(/\.jsonl?$/iu, '');
  return join(dirname(trainingPath), `${stem}_corrections.jsonl`);
}

function lines(text: string): string[] {
  return text.split(/\r?\n/u).filter((l) => l.trim() !== '');
}

/** The training file's format, read from its rows (separator and stop as `create` infers them). */
export async function dataShapeOf(trainingPath: string): Promise<DataShape> {
  const rows = lines(await readFile(trainingPath, 'utf8')).map(
    (l) => JSON.parse(l) as Record<string, unknown>,
  );
  if (rows.some((r) => Array.isArray(r.messages))) {
    return { kind: 'chat', systemPrompt: await inferSystemPrompt(trainingPath) };
  }
  const { separator, stop } = await inferInferenceFormat(trainingPath);
  const leadingSpace =
    rows.length > 0 && rows.every((r) => typeof r.completion === 'string' && r.completion.startsWith(' '));
  return { kind: 'prompt-completion', separator, stop, leadingSpace };
}

function promptText(asked: Asked): string {
  if ('prompt' in asked) return asked.prompt;
  return asked.messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
}

/** One training row, as the prepared data writes it: separator, leading space, stop applied once. */
export function correctionRow(shape: DataShape, asked: Asked, answer: string): Record<string, unknown> {
  if (shape.kind === 'chat') {
    const conversation: ChatTurn[] =
      'messages' in asked ? [...asked.messages] : [{ role: 'user', content: asked.prompt }];
    const hasSystem = conversation.some((m) => m.role === 'system');
    const system: ChatTurn[] =
      !hasSystem && shape.systemPrompt ? [{ role: 'system', content: shape.systemPrompt }] : [];
    return { messages: [...system, ...conversation, { role: 'assistant', content: answer.trim() }] };
  }
  const raw = promptText(asked);
  const sep = shape.separator ?? '';
  const prompt = sep !== '' && raw.endsWith(sep) ? raw : raw.trimEnd() + sep;
  let body = answer.trim();
  if (shape.stop && body.endsWith(shape.stop.trim()) && shape.stop.trim() !== '') {
    body = body.slice(0, body.length - shape.stop.trim().length).trimEnd();
  }
  return { prompt, completion: `${shape.leadingSpace ? ' ' : ''}${body}${shape.stop ?? ''}` };
}

async function writeAtomic(path: string, text: string): Promise<void> {
  const temp = join(
    dirname(path),
    `.fine-tune-${process.pid}-${randomBytes(4).toString('hex')}.${basename(path).slice(0, 40)}.tmp`,
  );
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

async function readIfAny(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
    throw error;
  }
}

/** How many corrections the file holds (0 when there is none). */
export async function countCorrections(path: string): Promise<number> {
  return lines(await readIfAny(path)).length;
}

/** Adds one row to the corrections file and returns how many it now holds. */
export async function appendCorrection(path: string, row: Record<string, unknown>): Promise<number> {
  const kept = lines(await readIfAny(path));
  kept.push(JSON.stringify(row));
  await writeAtomic(path, `${kept.join('\n')}\n`);
  return kept.length;
}

/**
 * Takes the validation example at `index` (0-based, among non-blank lines) out of the validation file,
 * atomically, and returns how many examples remain. Scores measured before are over a different set.
 */
export async function moveOutOfValidation(validationPath: string, index: number): Promise<number> {
  const rows = lines(await readFile(validationPath, 'utf8'));
  if (index < 0 || index >= rows.length) throw new RangeError(`no example ${index + 1} in ${validationPath}`);
  rows.splice(index, 1);
  await writeAtomic(validationPath, rows.length === 0 ? '' : `${rows.join('\n')}\n`);
  return rows.length;
}

/** What moving one example out of validation does to the score, in plain words. */
export function moveOutWarning(remaining: number): string {
  return (
    `It leaves validation (${plural(remaining, 'example')} ${agree(remaining, 'remains', 'remain')}) and trains with ` +
    `your answer: scores from now on are over ${plural(remaining, 'example')}, so they do not compare exactly ` +
    'with earlier ones, and this example no longer ' +
    'tests the model.'
  );
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

/**
 * The corrections file to include: the one named (`--corrections FILE`), the one beside the training
 * data when asked for (`true`) or when `auto` (train more) and it has rows, or none (`false`).
 */
export async function correctionsToInclude(
  trainingPath: string,
  flag: string | boolean | undefined,
  auto: boolean,
): Promise<{ path: string; rows: number } | null> {
  if (flag === false) return null;
  const path = typeof flag === 'string' ? flag : correctionsPathFor(trainingPath);
  if (typeof flag === 'string' && !(await exists(path)))
    throw new UserError(`${path}: no such corrections file.`);
  const rows = await countCorrections(path);
  if (rows === 0) return null;
  return flag === true || typeof flag === 'string' || auto ? { path, rows } : null;
}

/** The same data plus corrections: the training path a new job uploads. */
export async function trainingWith(
  trainingPath: string,
  corrections: { path: string; rows: number } | null,
): Promise<string> {
  return corrections ? withCorrections(trainingPath, corrections.path) : trainingPath;
}

/**
 * The training file for a job that includes the corrections: the training rows, then the corrections,
 * written beside them as `x_prepared_train+corrections.jsonl` (the training file itself is left as is).
 */
export async function withCorrections(trainingPath: string, correctionsPath: string): Promise<string> {
  const target = join(
    dirname(trainingPath),
    `${basename(trainingPath).replace(/\.jsonl?$/iu, '')}+corrections.jsonl`,
  );
  const rows = [
    ...lines(await readFile(trainingPath, 'utf8')),
    ...lines(await readFile(correctionsPath, 'utf8')),
  ];
  await writeAtomic(target, `${rows.join('\n')}\n`);
  return target;
}

/** The plain warning said before a job trains more: learning rate and forgetting. */
/** The warning in a sentence, for a terminal without the lines for all of it. */
export function trainMoreWarningShort(rate: number | 'auto' | undefined): string {
  const half = typeof rate === 'number' ? ` (half would be ${rate / 2})` : '';
  return `Training more: a lower learning-rate multiplier${half} keeps more of what the model learned.`;
}

export function trainMoreWarning(
  model: string,
  rate: number | 'auto' | undefined,
  corrections: number | null,
): string {
  const half = typeof rate === 'number' ? ` (half would be ${rate / 2})` : '';
  const data =
    corrections === null
      ? 'the same data plus the corrections beside it'
      : corrections > 0
        ? `the same data plus ${plural(corrections, 'correction')}`
        : 'the same data, without corrections';
  return (
    `Training more from ${model}, on ${data}. The same learning rate moves an already trained model as far ` +
    `again: if it was right on most things, a lower learning-rate multiplier (--lr-multiplier)${half} keeps more of what it learned. ` +
    'Training on the corrections alone would make it forget the rest, which is why the old data comes along.'
  );
}
