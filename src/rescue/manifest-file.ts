import { readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, relative } from 'node:path';
import { z } from 'zod';
import type { FineTuningJob } from '../api/jobs.js';
import type { StartJobInput } from '../api/start-job.js';
import { UserError } from '../core/errors.js';
import type { JobRecord } from '../store/jobs.js';
import { VERSION } from '../version.js';
import type { FileFacts } from './data-file.js';

/**
 * A manifest for every job fine-tune creates: where it ran, on which base, with which settings, on
 * which exact data (SHA-256 and example counts) and what came of it. It is written next to the
 * prepared training file as soon as the job exists and completed when the job ends, so a model can
 * be trained again from the manifest alone (`fine-tune create --from MANIFEST`), whatever happens to
 * the provider that trained it first.
 */
const hyper = z.union([z.number(), z.literal('auto')]).nullable();
const dataFile = z.object({
  /** Relative to the manifest's folder when it sits under it, so the folder can move. */
  path: z.string(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  examples: z.number().int().nonnegative(),
  bytes: z.number().int().nonnegative(),
  fileId: z.string().nullable(),
});

export const manifestSchema = z.object({
  manifest: z.literal(1),
  createdBy: z.string(),
  provider: z.string(),
  baseURL: z.string(),
  model: z.string().min(1),
  method: z.enum(['supervised', 'dpo']),
  suffix: z.string().nullable(),
  seed: z.number().int().nullable(),
  hyperparameters: z.object({
    requested: z.object({
      nEpochs: hyper,
      batchSize: hyper,
      learningRate: hyper,
      beta: hyper,
      /** Opt-in early stop (evaluations without improvement); absent in manifests written before it. */
      earlyStop: z.number().int().positive().nullable().default(null),
    }),
    /** What the provider resolved `auto` to, once the job says. */
    resolved: z.object({ nEpochs: hyper, batchSize: hyper, learningRate: hyper }).nullable(),
  }),
  data: z.object({
    format: z.enum(['prompt-completion', 'chat', 'preference']).nullable(),
    separator: z.string().nullable(),
    stop: z.string().nullable(),
    systemPrompt: z.string().nullable(),
    training: dataFile,
    validation: dataFile.nullable(),
  }),
  job: z.object({
    id: z.string(),
    status: z.string(),
    createdAt: z.string(),
    finishedAt: z.string().nullable(),
  }),
  result: z.object({ model: z.string(), trainedTokens: z.number().nullable() }).nullable(),
  /** Free notes, e.g. which model a rescue replaced and what could not be carried over. */
  notes: z.array(z.string()).default([]),
});
export type Manifest = z.infer<typeof manifestSchema>;

/** `data_prepared_train.jsonl` + `ftjob-abc` → `data_prepared_train.ftjob-abc.manifest.json`, beside it. */
export function manifestPathFor(trainingPath: string, jobId: string): string {
  const stem = basename(trainingPath).replace(/\.jsonl?$/i, '');
  return join(dirname(trainingPath), `${stem}.${jobId.replace(/[^A-Za-z0-9_.-]/g, '_')}.manifest.json`);
}

export function iso(unixSeconds: number | null | undefined): string | null {
  return unixSeconds === null || unixSeconds === undefined
    ? null
    : new Date(unixSeconds * 1000).toISOString();
}

function shown(path: string, manifestDir: string): string {
  const rel = relative(manifestDir, path);
  return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
}

export function resolvedOf(job: FineTuningJob): Manifest['hyperparameters']['resolved'] {
  const h = (job.method?.supervised?.hyperparameters ??
    job.method?.dpo?.hyperparameters ??
    job.hyperparameters) as Record<string, unknown> | undefined;
  const pick = (v: unknown): number | 'auto' | null => (typeof v === 'number' || v === 'auto' ? v : null);
  if (!h) return null;
  const resolved = {
    nEpochs: pick(h.n_epochs),
    batchSize: pick(h.batch_size),
    learningRate: pick(h.learning_rate_multiplier),
  };
  return Object.values(resolved).some((v) => typeof v === 'number') ? resolved : null;
}

export async function writeManifest(path: string, manifest: Manifest): Promise<void> {
  const temp = `${path}.${process.pid}.${Date.now().toString(36)}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify(manifestSchema.parse(manifest), null, 2)}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function readManifest(path: string): Promise<Manifest> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new UserError(`${path}: no such manifest.`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new UserError(`${path}: not valid JSON.`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new UserError(
      `${path}: not a fine-tune manifest (field ${issue?.path.join('.') || '(top level)'}: ${issue?.message ?? 'invalid'}).`,
    );
  }
  return parsed.data;
}

function entry(path: string, facts: FileFacts, fileId: string, dir: string): Manifest['data']['training'] {
  return {
    path: shown(path, dir),
    sha256: facts.sha256,
    examples: facts.examples,
    bytes: facts.bytes,
    fileId,
  };
}

/** The manifest of a job just created from `input` (facts taken from the files it uploaded). */
export function manifestOf(
  input: StartJobInput,
  record: JobRecord,
  job: FineTuningJob,
  files: { training: FileFacts; validation: FileFacts | null },
  path: string,
  notes: readonly string[] = [],
): Manifest {
  const dir = dirname(path);
  const h = input.hyperparameters ?? {};
  const req = (v: number | 'auto' | undefined) => v ?? 'auto';
  return {
    manifest: 1,
    createdBy: `fine-tune ${VERSION}`,
    provider: record.provider,
    baseURL: record.baseURL,
    model: input.model,
    method: input.method ?? 'supervised',
    suffix: input.suffix ?? null,
    seed: typeof job.seed === 'number' ? job.seed : (input.seed ?? null),
    hyperparameters: {
      requested: {
        nEpochs: req(h.nEpochs),
        batchSize: req(h.batchSize),
        learningRate: req(h.learningRate),
        beta: input.method === 'dpo' ? req(h.beta) : null,
        earlyStop: h.earlyStop ?? null,
      },
      resolved: resolvedOf(job),
    },
    data: {
      format: record.dataFormat,
      separator: record.separator,
      stop: record.stop,
      systemPrompt: record.systemPrompt,
      training: entry(record.trainingFile.path, files.training, record.trainingFile.id, dir),
      validation:
        record.validationFile && files.validation
          ? entry(record.validationFile.path, files.validation, record.validationFile.id, dir)
          : null,
    },
    job: {
      id: job.id,
      status: job.status,
      createdAt: iso(job.created_at) ?? '',
      finishedAt: iso(job.finished_at),
    },
    result: job.fine_tuned_model
      ? { model: job.fine_tuned_model, trainedTokens: job.trained_tokens ?? null }
      : null,
    notes: [...notes],
  };
}
