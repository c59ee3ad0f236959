import type OpenAI from 'openai';
import { finalLosses, lossSteps, type LossStep } from '../core/runs.js';
import type { ProviderName } from '../core/provider-names.js';
import { saveRunNote, type RunNote } from '../store/runs.js';
import type { FineTuningJob, FineTuningJobEvent } from './jobs.js';
import { metricsOf } from './metrics.js';

/** The losses of a `metrics` event, or null for any other event. */
export function lossStepOf(event: FineTuningJobEvent): LossStep | null {
  const m = metricsOf(event);
  if (m === null) return null;
  return { step: m.step, trainLoss: m.trainLoss, validLoss: m.validLoss, fullValidLoss: m.fullValidLoss };
}

/** Every step's losses of a job, from its events (all pages), in step order. */
export async function fetchLossSteps(
  client: OpenAI,
  jobId: string,
  options: { readonly signal?: AbortSignal } = {},
): Promise<{ steps: LossStep[]; totalSteps: number | null }> {
  const steps: LossStep[] = [];
  let totalSteps: number | null = null;
  const request = options.signal ? { signal: options.signal } : {};
  for await (const event of client.fineTuning.jobs.listEvents(jobId, { limit: 100 }, request)) {
    const m = metricsOf(event);
    if (m === null) continue;
    totalSteps ??= m.totalSteps;
    steps.push({
      step: m.step,
      trainLoss: m.trainLoss,
      validLoss: m.validLoss,
      fullValidLoss: m.fullValidLoss,
    });
  }
  return { steps: lossSteps(steps), totalSteps };
}

/** The job's hyperparameters as it resolved them: numbers, or words such as `auto`. */
export function hyperparametersOf(job: FineTuningJob): Record<string, number | string> {
  const h = (job.method?.supervised?.hyperparameters ??
    job.method?.dpo?.hyperparameters ??
    job.hyperparameters) as Record<string, unknown> | undefined;
  const out: Record<string, number | string> = {};
  for (const [key, value] of Object.entries(h ?? {})) {
    if (typeof value === 'number' || typeof value === 'string') out[key] = value;
  }
  return out;
}

export interface RunPlace {
  readonly provider: ProviderName;
  /** '' for a local server (its address changes with every start). */
  readonly baseURL: string;
}

/** A job's note as it is now, its final losses from the steps seen (the last metrics event of each). */
export function runNoteOf(
  place: RunPlace,
  job: FineTuningJob,
  steps: readonly LossStep[],
  totalSteps: number | null,
): RunNote {
  const losses = finalLosses(steps);
  return {
    id: job.id,
    provider: place.provider,
    baseURL: place.baseURL,
    model: job.model,
    // Not in the SDK's type, but in the API's job object (and the local server's).
    suffix: (job as { user_provided_suffix?: string | null }).user_provided_suffix ?? null,
    fineTunedModel: job.fine_tuned_model ?? null,
    status: job.status,
    createdAt: job.created_at,
    finishedAt: job.finished_at ?? null,
    trainedTokens: job.trained_tokens ?? null,
    hyperparameters: hyperparametersOf(job),
    trainingFile: job.training_file,
    validationFile: job.validation_file ?? null,
    totalSteps,
    finalTrainLoss: losses.train,
    finalValidLoss: losses.validation,
    updatedAt: Math.floor(Date.now() / 1000),
  };
}

/** Notes how a followed job stands (a cache for `fine-tune runs`; a failure to write is not the job's). */
export async function noteRun(
  place: RunPlace,
  job: FineTuningJob,
  steps: readonly LossStep[],
  totalSteps: number | null,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  await saveRunNote(runNoteOf(place, job, steps, totalSteps), env).catch(() => undefined);
}
