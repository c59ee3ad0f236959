import { z } from 'zod';
import type { FineTuningJobEvent } from './jobs.js';

// The `data` of a `metrics` event; fields come and go (validation only with a validation file,
// `full_valid_*` only at epoch ends), so every one but the step is optional.
const metricsSchema = z.looseObject({
  step: z.number(),
  total_steps: z.number().optional(),
  train_loss: z.number().nullable().optional(),
  train_mean_token_accuracy: z.number().nullable().optional(),
  valid_loss: z.number().nullable().optional(),
  valid_mean_token_accuracy: z.number().nullable().optional(),
  full_valid_loss: z.number().nullable().optional(),
  full_valid_mean_token_accuracy: z.number().nullable().optional(),
});

// Built once: a zod schema made per call costs more than the whole rest of the panel's update.
const resumedSchema = z.looseObject({ resumed_from_step: z.number() });

export interface StepMetrics {
  readonly step: number;
  readonly totalSteps: number | null;
  readonly trainLoss: number | null;
  readonly trainAccuracy: number | null;
  readonly validLoss: number | null;
  readonly validAccuracy: number | null;
  readonly fullValidLoss: number | null;
  readonly fullValidAccuracy: number | null;
}

/** The numbers of a `metrics` event (for the loss chart and progress), or null for other events. */
export function metricsOf(event: FineTuningJobEvent): StepMetrics | null {
  if (event.type !== 'metrics') return null;
  const parsed = metricsSchema.safeParse(event.data);
  if (!parsed.success) return null;
  const d = parsed.data;
  return {
    step: d.step,
    totalSteps: d.total_steps ?? null,
    trainLoss: d.train_loss ?? null,
    trainAccuracy: d.train_mean_token_accuracy ?? null,
    validLoss: d.valid_loss ?? null,
    validAccuracy: d.valid_mean_token_accuracy ?? null,
    fullValidLoss: d.full_valid_loss ?? null,
    fullValidAccuracy: d.full_valid_mean_token_accuracy ?? null,
  };
}

/**
 * The step a job went back to after a restart of the local server (its later steps are trained
 * again, and their first metrics left the log): a chart drops its points after this step.
 * Null for every other event.
 */
export function resumedFromStep(event: FineTuningJobEvent): number | null {
  // Most events have no such field: skip zod for them (the panel calls this for every event).
  const data: unknown = event.data;
  if (typeof data !== 'object' || data === null || !('resumed_from_step' in data)) return null;
  const parsed = resumedSchema.safeParse(data);
  return parsed.success ? parsed.data.resumed_from_step : null;
}
