import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import { PROVIDER_NAMES } from '../core/provider-names.js';
import { dataHome } from './paths.js';

/**
 * What `fine-tune runs` knows about a job beyond its creation record (store/jobs.ts): how it ended,
 * as seen by the last `create`, `follow` or job panel that watched it. A job this tool only followed
 * has a note and no record. Notes are a cache: an unreadable one is skipped, never an error.
 */
const loss = z.number().nullable();
export const runNoteSchema = z.strictObject({
  id: z.string().min(1),
  provider: z.enum(PROVIDER_NAMES),
  baseURL: z.string(),
  model: z.string(),
  suffix: z.string().nullable(),
  fineTunedModel: z.string().nullable(),
  status: z.string(),
  createdAt: z.number(),
  finishedAt: z.number().nullable(),
  trainedTokens: z.number().nullable(),
  /** As the job resolved them (`n_epochs`, `batch_size`, …), numbers or words. */
  hyperparameters: z.record(z.string(), z.union([z.number(), z.string()])),
  trainingFile: z.string().nullable(),
  validationFile: z.string().nullable(),
  totalSteps: z.number().nullable(),
  finalTrainLoss: loss,
  /** The last full validation loss (an epoch end), else the last batch validation loss. */
  finalValidLoss: loss,
  updatedAt: z.number(),
});
export type RunNote = z.infer<typeof runNoteSchema>;

/** The last score of a model on a file, per model (`eval` writes it, `runs` shows it). */
export const evalScoreSchema = z.strictObject({
  model: z.string(),
  file: z.string(),
  kind: z.enum(['classification', 'generation']),
  /** Accuracy for classification, exact match for generation, in [0, 1]. */
  score: z.number(),
  metric: z.enum(['accuracy', 'exact match']),
  examples: z.number().int(),
  at: z.number(),
});
export type EvalScore = z.infer<typeof evalScoreSchema>;
const evalBookSchema = z.record(z.string(), evalScoreSchema);

const SAFE_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

export function runsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataHome(env), 'runs');
}

function evalsPath(env: NodeJS.ProcessEnv): string {
  return join(dataHome(env), 'evals.json');
}

async function writeAtomic(path: string, value: unknown): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(value, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function saveRunNote(note: RunNote, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const valid = runNoteSchema.parse(note);
  if (!SAFE_ID.test(valid.id) || valid.id.startsWith('.')) throw new Error(`not a valid job id: ${valid.id}`);
  await writeAtomic(join(runsDir(env), `${valid.id}.json`), valid);
}

/** Every readable note, by job id. */
export async function listRunNotes(env: NodeJS.ProcessEnv = process.env): Promise<Map<string, RunNote>> {
  const notes = new Map<string, RunNote>();
  const names = await readdir(runsDir(env)).catch(() => [] as string[]);
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const text = await readFile(join(runsDir(env), name), 'utf8').catch(() => '');
    const parsed = safeJson(text, runNoteSchema);
    if (parsed) notes.set(parsed.id, parsed);
  }
  return notes;
}

export async function loadEvalScores(env: NodeJS.ProcessEnv = process.env): Promise<Map<string, EvalScore>> {
  const text = await readFile(evalsPath(env), 'utf8').catch(() => '');
  return new Map(Object.entries(safeJson(text, evalBookSchema) ?? {}));
}

/** Records a model's latest score (read, change one entry, write back atomically). */
export async function saveEvalScore(score: EvalScore, env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const book = Object.fromEntries(await loadEvalScores(env));
  book[score.model] = evalScoreSchema.parse(score);
  await writeAtomic(evalsPath(env), book);
}

function safeJson<T>(text: string, schema: z.ZodType<T>): T | null {
  try {
    const result = schema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
