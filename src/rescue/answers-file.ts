import { closeSync, openSync, writeSync } from 'node:fs';
import { mkdir, readFile, rename, rm, truncate, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors.js';

/**
 * A file of recorded answers (the golden set, or a model compared with it): one JSON line per
 * answered input, appended as each answer arrives, beside a `.meta.json` saying how they were asked.
 * A line is one `write` of a whole line, so a process killed at any moment leaves whole lines and at
 * most one torn last line, which the next run cuts off before it appends.
 */
const messageSchema = z.object({ role: z.enum(['system', 'user', 'assistant']), content: z.string() });

export const answerLineSchema = z.object({
  /** Index of the input in the list the run was given. */
  i: z.number().int().nonnegative(),
  prompt: z.string().optional(),
  messages: z.array(messageSchema).optional(),
  expected: z.string().optional(),
  answer: z.string(),
  usage: z.object({ prompt_tokens: z.number(), completion_tokens: z.number() }).nullable(),
});
export type AnswerLine = z.infer<typeof answerLineSchema>;

export const answersMetaSchema = z.object({
  model: z.string(),
  provider: z.string(),
  endpoint: z.enum(['completions', 'chat']),
  separator: z.string(),
  stop: z.array(z.string()),
  systemPrompt: z.string().nullable(),
  temperature: z.literal(0),
  maxTokens: z.number().int().positive(),
  source: z.object({
    path: z.string(),
    sha256: z.string(),
    how: z.enum(['validation', 'file', 'sample', 'golden']),
    /** The sampling seed, for inputs sampled from training data. */
    seed: z.number().int().optional(),
  }),
  total: z.number().int().nonnegative(),
  startedAt: z.string(),
});
export type AnswersMeta = z.infer<typeof answersMetaSchema>;

export function metaPathOf(answersPath: string): string {
  return answersPath.replace(/\.jsonl$/, '') + '.meta.json';
}

/** The fields that decide which answers a file holds: a resumed run must ask the same way. */
function sameQuestions(a: AnswersMeta, b: AnswersMeta): string | null {
  const fields = ['model', 'endpoint', 'separator', 'systemPrompt', 'maxTokens', 'total'] as const;
  for (const field of fields) if (a[field] !== b[field]) return field;
  if (JSON.stringify(a.stop) !== JSON.stringify(b.stop)) return 'stop';
  return a.source.sha256 === b.source.sha256 && a.source.seed === b.source.seed ? null : 'source';
}

/**
 * Writes the meta the first time; later runs must match it, or the answers already in the file
 * would be mixed with answers to other questions.
 */
export async function claimMeta(answersPath: string, meta: AnswersMeta): Promise<AnswersMeta> {
  const path = metaPathOf(answersPath);
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text !== null) {
    const parsed = answersMetaSchema.safeParse(JSON.parse(text));
    if (!parsed.success)
      throw new UserError(`${path}: not a recording's description; move it away to start again.`);
    const differs = sameQuestions(parsed.data, meta);
    if (differs !== null) {
      throw new UserError(
        `${answersPath} was recorded with another ${differs}: move it (and ${path}) away to record again.`,
      );
    }
    return parsed.data;
  }
  const temp = `${path}.${process.pid}.tmp`;
  await mkdir(dirname(path), { recursive: true });
  await writeFile(temp, `${JSON.stringify(meta, null, 2)}\n`);
  await rename(temp, path);
  return meta;
}

/**
 * The answers already in the file, by index, after cutting a torn last line (a kill mid-write).
 * A line for an index past `total` or a second line for the same index means the file is not
 * this run's: that is refused rather than guessed at.
 */
export async function readAnswers(path: string, total: number): Promise<Map<number, AnswerLine>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return new Map();
    throw error;
  }
  const end = text.lastIndexOf('\n') + 1;
  if (end < text.length) {
    await truncate(path, Buffer.byteLength(text.slice(0, end)));
    text = text.slice(0, end);
  }
  const answers = new Map<number, AnswerLine>();
  text.split('\n').forEach((raw, n) => {
    if (raw.trim() === '') return;
    let parsed: z.ZodSafeParseResult<AnswerLine>;
    try {
      parsed = answerLineSchema.safeParse(JSON.parse(raw));
    } catch {
      throw new UserError(`${path}, line ${n + 1}: not valid JSON.`);
    }
    if (!parsed.success) throw new UserError(`${path}, line ${n + 1}: not a recorded answer.`);
    const line = parsed.data;
    if (line.i >= total || answers.has(line.i)) {
      throw new UserError(
        `${path}, line ${n + 1}: answer ${line.i} ${line.i >= total ? 'is out of range' : 'is there twice'}.`,
      );
    }
    answers.set(line.i, line);
  });
  return answers;
}

/**
 * Appends whole lines, one `write` system call each, before the caller goes on: a line is in the
 * file (the page cache, which a killed process does not lose) as soon as `append` returns. A short
 * synchronous write costs microseconds, less than handing it to the thread pool.
 */
export function openAppender(path: string): { append(line: AnswerLine): void; close(): void } {
  const fd = openSync(path, 'a');
  return {
    append: (line) => {
      const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written);
    },
    close: () => closeSync(fd),
  };
}

/** Removes a recording and its meta (a test or a user starting over). */
export async function removeAnswers(path: string): Promise<void> {
  await Promise.all([rm(path, { force: true }), rm(metaPathOf(path), { force: true })]);
}
