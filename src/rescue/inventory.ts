import { NotFoundError } from 'openai';
import type OpenAI from 'openai';
import type { FineTuningJob } from '../api/jobs.js';
import { listJobs } from '../api/jobs.js';
import { baseOf, listModels } from '../api/models.js';
import { daysUntil, type RescueSeams } from './seams.js';

/**
 * Step 1 of a rescue: the user's fine-tuned models on the current provider, each with the day it
 * stops answering, the job that made it and whether that job's data can still be downloaded.
 */
export interface FileStatus {
  readonly id: string;
  /** False when the provider no longer has the file (404). */
  readonly available: boolean;
  readonly bytes: number | null;
  readonly filename: string | null;
}

export type HyperValue = number | 'auto' | null;

export interface SourceJob {
  readonly id: string;
  readonly base: string;
  readonly suffix: string | null;
  readonly method: string;
  /** As the job reports them: resolved numbers once training started. */
  readonly hyperparameters: {
    readonly nEpochs: HyperValue;
    readonly batchSize: HyperValue;
    readonly learningRate: HyperValue;
    readonly beta: HyperValue;
  };
  readonly seed: number | null;
  readonly trainedTokens: number | null;
  /** Unix seconds. */
  readonly createdAt: number;
  readonly finishedAt: number | null;
  readonly trainingFile: FileStatus;
  readonly validationFile: FileStatus | null;
}

export interface InventoryItem {
  readonly model: string;
  readonly base: string;
  /** Unix seconds. */
  readonly created: number;
  readonly shutdownDate: string | null;
  readonly daysLeft: number | null;
  /** Null when no job on this provider made the model (e.g. it was shared from another project). */
  readonly job: SourceJob | null;
}

export interface Inventory {
  readonly provider: string;
  readonly today: string;
  /** When the provider stops creating jobs, if announced, and days until then. */
  readonly trainingCloses: { readonly date: string; readonly daysLeft: number } | null;
  /** Soonest shutdown first; models with no announced date last. */
  readonly items: readonly InventoryItem[];
}

type Request = { readonly signal?: AbortSignal | undefined };

function hyperValue(value: unknown): HyperValue {
  return typeof value === 'number' || value === 'auto' ? value : null;
}

/** The job's settings, from `method` (current API) or the deprecated top-level `hyperparameters`. */
function sourceHyper(job: FineTuningJob): SourceJob['hyperparameters'] {
  const method = job.method as
    | {
        type?: string;
        supervised?: { hyperparameters?: Record<string, unknown> };
        dpo?: { hyperparameters?: Record<string, unknown> };
      }
    | undefined;
  const h: Record<string, unknown> =
    method?.supervised?.hyperparameters ??
    method?.dpo?.hyperparameters ??
    (job.hyperparameters as Record<string, unknown>) ??
    {};
  return {
    nEpochs: hyperValue(h.n_epochs),
    batchSize: hyperValue(h.batch_size),
    learningRate: hyperValue(h.learning_rate_multiplier),
    beta: hyperValue(h.beta),
  };
}

/** `ft:{base}:{org}:{suffix}:{id}` → suffix, when the job object does not state it. */
export function suffixOf(model: string): string | null {
  const parts = model.split(':');
  return model.startsWith('ft:') && parts.length >= 5 && parts[3] ? parts[3] : null;
}

async function fileStatus(client: OpenAI, id: string, r: Request): Promise<FileStatus> {
  try {
    const file = await client.files.retrieve(id, r.signal ? { signal: r.signal } : {});
    return { id, available: true, bytes: file.bytes ?? null, filename: file.filename ?? null };
  } catch (error) {
    if (error instanceof NotFoundError) return { id, available: false, bytes: null, filename: null };
    throw error;
  }
}

export async function describeJob(client: OpenAI, job: FineTuningJob, r: Request = {}): Promise<SourceJob> {
  const stated = (job as { user_provided_suffix?: unknown }).user_provided_suffix;
  return {
    id: job.id,
    base: job.model,
    suffix: typeof stated === 'string' ? stated : suffixOf(job.fine_tuned_model ?? ''),
    method: (job.method as { type?: string } | undefined)?.type ?? 'supervised',
    hyperparameters: sourceHyper(job),
    seed: typeof job.seed === 'number' ? job.seed : null,
    trainedTokens: job.trained_tokens ?? null,
    createdAt: job.created_at,
    finishedAt: job.finished_at ?? null,
    trainingFile: await fileStatus(client, job.training_file, r),
    validationFile: job.validation_file ? await fileStatus(client, job.validation_file, r) : null,
  };
}

/** The succeeded jobs that made these models, walking the job list until each is found. */
async function jobsFor(
  client: OpenAI,
  models: ReadonlySet<string>,
  r: Request,
): Promise<Map<string, FineTuningJob>> {
  const found = new Map<string, FineTuningJob>();
  let after: string | undefined;
  for (;;) {
    const page = await listJobs(
      client,
      { limit: 100, ...(after ? { after } : {}) },
      r.signal ? { signal: r.signal } : {},
    );
    for (const job of page.jobs) {
      const model = job.fine_tuned_model;
      if (model && models.has(model) && !found.has(model)) found.set(model, job);
    }
    const last = page.jobs.at(-1);
    if (!page.hasMore || last === undefined || found.size === models.size) return found;
    after = last.id;
  }
}

function bySoonest(a: InventoryItem, b: InventoryItem): number {
  if (a.daysLeft === null || b.daysLeft === null)
    return a.daysLeft === null ? (b.daysLeft === null ? 0 : 1) : -1;
  return a.daysLeft - b.daysLeft || b.created - a.created;
}

export async function takeInventory(
  client: OpenAI,
  provider: string,
  seams: RescueSeams,
  r: Request = {},
): Promise<Inventory> {
  const models = (await listModels(client, r.signal ? { signal: r.signal } : {})).filter(
    (m) => m.kind === 'fine-tuned',
  );
  const jobs = await jobsFor(client, new Set(models.map((m) => m.id)), r);
  const items: InventoryItem[] = [];
  for (const model of models) {
    const job = jobs.get(model.id);
    const shutdownDate = seams.shutdownOf(model.id) ?? model.shutdownDate;
    items.push({
      model: model.id,
      base: job?.model ?? baseOf(model.id),
      created: model.created,
      shutdownDate,
      daysLeft: shutdownDate === null ? null : daysUntil(seams.today, shutdownDate),
      job: job ? await describeJob(client, job, r) : null,
    });
  }
  const closes = seams.trainingClosesOn(provider);
  return {
    provider,
    today: seams.today,
    trainingCloses: closes === null ? null : { date: closes, daysLeft: daysUntil(seams.today, closes) },
    items: items.sort(bySoonest),
  };
}

/** The next thing to do for a model, in a few words (the inventory's last column). */
export function nextStep(item: InventoryItem): string {
  if (item.daysLeft !== null && item.daysLeft <= 0)
    return 'shut down: retrain from your own copy of the data';
  if (item.job === null) return 'no job found here: rescue with your own data files';
  const files = [item.job.trainingFile, item.job.validationFile].filter((f): f is FileStatus => f !== null);
  if (files.some((f) => !f.available)) return 'data gone from the provider: rescue with your local files';
  return item.daysLeft === null ? 'rescue when you like' : 'rescue: keep the data, record a golden set';
}
