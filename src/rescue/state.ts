import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import { slugOf } from './compare.js';
import type { KeptFile } from './keep-data.js';

/**
 * What a rescue has done so far, kept in `rescue.json` in its folder: running the same rescue again
 * goes on from there (the kept files are checked, the golden set resumes, a job already created is
 * followed instead of created twice).
 */
const keptSchema = z.object({
  path: z.string(),
  sha256: z.string(),
  bytes: z.number(),
  examples: z.number(),
  origin: z.enum(['downloaded', 'local']),
  fileId: z.string().nullable(),
});
export type KeptRecord = z.infer<typeof keptSchema>;

export const rescueStateSchema = z.object({
  rescue: z.literal(1),
  model: z.string(),
  provider: z.string(),
  startedAt: z.string(),
  data: z.object({ training: keptSchema.nullable(), validation: keptSchema.nullable() }),
  golden: z.object({ done: z.number(), total: z.number() }).nullable(),
  retrain: z
    .object({
      provider: z.string(),
      baseURL: z.string(),
      model: z.string(),
      jobId: z.string(),
      manifest: z.string(),
      fineTunedModel: z.string().nullable(),
    })
    .nullable(),
  reports: z.array(
    z.object({ model: z.string(), markdown: z.string(), json: z.string(), agreement: z.number() }),
  ),
});
export type RescueState = z.infer<typeof rescueStateSchema>;

export const STATE_FILE = 'rescue.json';

/** `./rescue-gpt-4o-mini-2024-07-18-org-support-abc123` for a model, under `cwd`. */
export function defaultFolder(model: string, cwd: string): string {
  return join(cwd, `rescue-${slugOf(model)}`);
}

export function newState(model: string, provider: string): RescueState {
  return {
    rescue: 1,
    model,
    provider,
    startedAt: new Date().toISOString(),
    data: { training: null, validation: null },
    golden: null,
    retrain: null,
    reports: [],
  };
}

export async function loadState(folder: string): Promise<RescueState | null> {
  const path = join(folder, STATE_FILE);
  const text = await readFile(path, 'utf8').catch(() => null);
  if (text === null) return null;
  try {
    const parsed = rescueStateSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // Unreadable JSON falls through to the same message.
  }
  throw new UserError(`${path}: not a rescue record; move it away to start the rescue again.`);
}

/** The state of the rescue of `model` in `folder`: the one there, or a new one. */
export async function openState(folder: string, model: string, provider: string): Promise<RescueState> {
  const state = await loadState(folder);
  if (state === null) return newState(model, provider);
  if (state.model !== model) {
    throw new UserError(`${folder} holds the rescue of ${state.model}: choose another folder with --out.`);
  }
  return state;
}

export async function saveState(folder: string, state: RescueState): Promise<void> {
  const path = join(folder, STATE_FILE);
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(rescueStateSchema.parse(state), null, 2)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export function keptRecord(file: KeptFile, folder: string): KeptRecord {
  const rel = relative(folder, file.path);
  return {
    path: rel.startsWith('..') || isAbsolute(rel) ? file.path : rel,
    sha256: file.sha256,
    bytes: file.bytes,
    examples: file.examples,
    origin: file.origin,
    fileId: file.fileId,
  };
}

export function keptPath(record: KeptRecord, folder: string): string {
  return resolve(folder, record.path);
}
