/** Messages between the job runner (main thread) and a training worker. */
import { z } from 'zod';
import type { Hyperparameters } from '../model/trainer.js';
import type { Metrics } from '../state/records.js';

const HyperRequest = z.union([z.number(), z.literal('auto')]).optional();

export const WorkerInput = z.object({
  /** `validate` checks the files and stops; `train` trains (checking them again on the way). */
  mode: z.enum(['validate', 'train']),
  trainingFile: z.string(),
  /** The files' API ids, for messages (a client never sees the paths). */
  trainingFileId: z.string(),
  validationFile: z.string().nullable(),
  validationFileId: z.string().nullable(),
  /** Absolute directory where snapshots of this job are written. */
  jobDir: z.string(),
  base: z.string(),
  /** Snapshot of a fine-tuned model whose training continues (a `ft:` model as base). */
  continueFrom: z.string().nullable(),
  /** Snapshot this run resumes from (a checkpoint after a restart, or the pause snapshot). */
  resumeFrom: z.string().nullable(),
  requested: z.object({
    n_epochs: HyperRequest,
    batch_size: HyperRequest,
    learning_rate_multiplier: HyperRequest,
  }),
  seed: z.number(),
  stepDelayMs: z.number(),
  /** Epoch-end evaluations without a better validation loss before training stops (null: never). */
  earlyStop: z.number().nullable().default(null),
  /** A legacy job's `compute_classification_metrics` settings, or null. */
  classification: z
    .object({ nClasses: z.number(), positiveClass: z.string().nullable(), betas: z.array(z.number()) })
    .nullable(),
});
export type WorkerInput = z.infer<typeof WorkerInput>;

export type FromWorker =
  | { type: 'invalid'; param: string; code: string; message: string }
  | { type: 'validated'; examples: number; hyperparameters: Hyperparameters }
  | { type: 'started'; hyperparameters: Hyperparameters; totalSteps: number; step: number }
  | { type: 'metrics'; metrics: Metrics; totalSteps: number }
  | { type: 'checkpoint'; step: number; dir: string; metrics: Metrics }
  | { type: 'paused'; step: number; dir: string }
  | { type: 'early-stopped'; step: number; bestStep: number; bestLoss: number; patience: number }
  | { type: 'succeeded'; dir: string; trainedTokens: number }
  | { type: 'crashed'; message: string };

/** `pause` parks the worker after a snapshot; `resume` sets a parked worker going again. */
export type ToWorker = { type: 'pause' } | { type: 'resume' };
