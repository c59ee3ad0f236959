/** Shapes of what the server keeps on disk and returns on the wire (the service's objects). */
import { z } from 'zod';

export const FileRecord = z.object({
  id: z.string(),
  object: z.literal('file'),
  bytes: z.number(),
  created_at: z.number(),
  filename: z.string(),
  purpose: z.string(),
  status: z.enum(['uploaded', 'processed', 'error']),
  status_details: z.string().nullable(),
});
export type FileRecord = z.infer<typeof FileRecord>;

export const UploadRecord = z.object({
  id: z.string(),
  object: z.literal('upload'),
  bytes: z.number(),
  created_at: z.number(),
  expires_at: z.number(),
  filename: z.string(),
  purpose: z.string(),
  status: z.enum(['pending', 'completed', 'cancelled', 'expired']),
  file: FileRecord.nullable(),
  /** Not on the wire: the parts received, by id. */
  parts: z.array(z.object({ id: z.string(), bytes: z.number() })),
});
export type UploadRecord = z.infer<typeof UploadRecord>;

const HyperValue = z.union([z.number(), z.literal('auto')]);
export const HyperRecord = z.object({
  n_epochs: HyperValue,
  batch_size: HyperValue,
  learning_rate_multiplier: HyperValue,
});

export const JobStatus = z.enum([
  'validating_files',
  'queued',
  'running',
  'succeeded',
  'failed',
  'cancelled',
  'pausing',
  'paused',
]);
export type JobStatus = z.infer<typeof JobStatus>;

export const JobError = z.object({ code: z.string(), message: z.string(), param: z.string().nullable() });

export const Job = z.object({
  object: z.literal('fine_tuning.job'),
  id: z.string(),
  created_at: z.number(),
  finished_at: z.number().nullable(),
  model: z.string(),
  fine_tuned_model: z.string().nullable(),
  organization_id: z.string(),
  status: JobStatus,
  error: JobError.nullable(),
  estimated_finish: z.number().nullable(),
  trained_tokens: z.number().nullable(),
  training_file: z.string(),
  validation_file: z.string().nullable(),
  result_files: z.array(z.string()),
  hyperparameters: HyperRecord,
  method: z.object({ type: z.literal('supervised'), supervised: z.object({ hyperparameters: HyperRecord }) }),
  seed: z.number(),
  metadata: z.record(z.string(), z.string()).nullable(),
  integrations: z.null(),
  user_provided_suffix: z.string().nullable(),
});
export type Job = z.infer<typeof Job>;

export const Metrics = z.object({
  step: z.number(),
  train_loss: z.number(),
  train_mean_token_accuracy: z.number(),
  valid_loss: z.number().optional(),
  valid_mean_token_accuracy: z.number().optional(),
  full_valid_loss: z.number().optional(),
  full_valid_mean_token_accuracy: z.number().optional(),
  // For the legacy results file only (never in events): absent in rows written before them.
  train_sequence_accuracy: z.number().optional(),
  valid_sequence_accuracy: z.number().optional(),
  batch_tokens: z.number().optional(),
  batch_examples: z.number().optional(),
  /** `classification/*` columns at an epoch's end, for a legacy job that asked for them. */
  classification: z.record(z.string(), z.number()).optional(),
});
export type Metrics = z.infer<typeof Metrics>;

export const JobEvent = z.object({
  object: z.literal('fine_tuning.job.event'),
  id: z.string(),
  created_at: z.number(),
  level: z.enum(['info', 'warn', 'error']),
  message: z.string(),
  type: z.enum(['message', 'metrics']),
  data: z.record(z.string(), z.unknown()).nullable(),
});
export type JobEvent = z.infer<typeof JobEvent>;

export const Checkpoint = z.object({
  object: z.literal('fine_tuning.job.checkpoint'),
  id: z.string(),
  created_at: z.number(),
  fine_tuned_model_checkpoint: z.string(),
  fine_tuning_job_id: z.string(),
  step_number: z.number(),
  metrics: Metrics.partial(),
});
export type Checkpoint = z.infer<typeof Checkpoint>;

/**
 * What a job made through the legacy `/fine-tunes` endpoint asked beyond the job itself: it also
 * picks the wording of the job's events and the columns of its results file.
 */
export const LegacySettings = z.object({
  /** The base as asked (`ada`); the job's `model` is the same. */
  model: z.string(),
  prompt_loss_weight: z.number(),
  compute_classification_metrics: z.boolean(),
  classification_n_classes: z.number().nullable(),
  classification_positive_class: z.string().nullable(),
  classification_betas: z.array(z.number()).nullable(),
});
export type LegacySettings = z.infer<typeof LegacySettings>;

/** Everything about one job, in `jobs/{id}/job.json`. */
export const JobState = z.object({
  job: Job,
  /** Hyperparameters as asked (numbers or "auto"); the job shows them resolved. */
  requested: HyperRecord,
  /** The name the model gets on success; checkpoints are named after it. */
  modelName: z.string(),
  /** The model-name id segment: `ft:{base}:local:{suffix}:{shortId}`. */
  shortId: z.string(),
  checkpoints: z.array(Checkpoint),
  rows: z.array(Metrics),
  totalSteps: z.number().nullable(),
  /** Snapshot directory (relative to the data dir) the next run starts from. */
  resumeFrom: z.string().nullable(),
  startedAt: z.number().nullable(),
  /** Creation time in ms: orders jobs created within the same second. */
  createdMs: z.number(),
  /** Step the current run started from, for the finish estimate. */
  runStartStep: z.number(),
  /** Set for a job created through `/fine-tunes`; null (or absent in older files) otherwise. */
  legacy: LegacySettings.nullable().default(null),
  /**
   * A local extension, off unless asked (`early_stopping_patience`): stop once the validation loss has
   * not improved for this many epoch-end evaluations, the model then being the best checkpoint.
   */
  earlyStop: z.number().int().positive().nullable().default(null),
});
export type JobState = z.infer<typeof JobState>;
