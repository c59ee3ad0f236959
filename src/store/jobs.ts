import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { PROVIDER_NAMES } from '../core/provider-names.js';
import { jobsDir } from './paths.js';

/**
 * What fine-tune remembers about a job it created: enough to follow it again and to query the
 * resulting model the way it was trained (separator, stop sequence, system prompt).
 * Never an API key: the schema has no field for one and rejects unknown fields.
 */
export const jobRecordSchema = z.strictObject({
  id: z.string().min(1),
  provider: z.enum(PROVIDER_NAMES),
  baseURL: z.string(),
  trainingFile: z.strictObject({ id: z.string(), path: z.string() }),
  validationFile: z.strictObject({ id: z.string(), path: z.string() }).nullable(),
  model: z.string().min(1),
  suffix: z.string().nullable(),
  dataFormat: z.enum(['prompt-completion', 'chat', 'preference']).nullable(),
  separator: z.string().nullable(),
  stop: z.string().nullable(),
  systemPrompt: z.string().nullable(),
  createdAt: z.number().int(),
  /** Filled in once the job has succeeded, so `complete`/`chat` can find the record by model. */
  fineTunedModel: z.string().nullable().default(null),
});

export type JobRecord = z.infer<typeof jobRecordSchema>;
export type NewJobRecord = z.input<typeof jobRecordSchema>;

// Job ids come from the server; keep them from escaping the directory.
const SAFE_ID = /^[A-Za-z0-9_.:-]{1,200}$/;

function recordPath(id: string, env: NodeJS.ProcessEnv): string {
  if (!SAFE_ID.test(id) || id.startsWith('.')) throw new Error(`not a valid job id: ${id}`);
  return join(jobsDir(env), `${id}.json`);
}

/** Writes (or replaces) the record atomically: a temporary file renamed over the old one. */
export async function saveJobRecord(
  record: NewJobRecord,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string> {
  const valid = jobRecordSchema.parse(record);
  const path = recordPath(valid.id, env);
  await mkdir(jobsDir(env), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(valid, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
  return path;
}

/** The record for a job, or null when there is none (or it is unreadable: it is only a cache). */
export async function loadJobRecord(
  id: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JobRecord | null> {
  let text: string;
  try {
    text = await readFile(recordPath(id, env), 'utf8');
  } catch {
    return null;
  }
  return parseRecord(text);
}

/** All readable records, newest first. */
export async function listJobRecords(env: NodeJS.ProcessEnv = process.env): Promise<JobRecord[]> {
  let names: string[];
  try {
    names = await readdir(jobsDir(env));
  } catch {
    return [];
  }
  const records: JobRecord[] = [];
  for (const name of names.filter((n) => n.endsWith('.json'))) {
    const record = parseRecord(await readFile(join(jobsDir(env), name), 'utf8').catch(() => ''));
    if (record) records.push(record);
  }
  return records.sort((a, b) => b.createdAt - a.createdAt);
}

/** Notes the fine-tuned model name on an existing record (no-op when there is no record). */
export async function setRecordModel(
  id: string,
  fineTunedModel: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const record = await loadJobRecord(id, env);
  if (record && record.fineTunedModel !== fineTunedModel) {
    await saveJobRecord({ ...record, fineTunedModel }, env);
  }
}

/**
 * Whether a job recorded here made `model`: its record names it, or (a job created with --no-follow
 * and not followed to its end, whose record does not name its model yet) an `ft:{base}:{org}:{suffix}:…`
 * id with a pending job's base and suffix.
 */
export async function madeHere(model: string, env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const [prefix, base, , suffix] = model.split(':');
  const records = await listJobRecords(env);
  return records.some((r) =>
    r.fineTunedModel === null
      ? prefix === 'ft' && base === r.model && suffix === (r.suffix ?? '')
      : model === r.fineTunedModel || model.startsWith(`${r.fineTunedModel}:`),
  );
}

/** The record of the job that produced a model or one of its checkpoints (`…:ckpt-step-N`). */
export async function findRecordForModel(
  model: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<JobRecord | null> {
  const records = await listJobRecords(env);
  return (
    records.find(
      (r) =>
        r.fineTunedModel !== null && (model === r.fineTunedModel || model.startsWith(`${r.fineTunedModel}:`)),
    ) ?? null
  );
}

function parseRecord(text: string): JobRecord | null {
  try {
    const result = jobRecordSchema.safeParse(JSON.parse(text));
    return result.success ? result.data : null;
  } catch {
    return null;
  }
}
