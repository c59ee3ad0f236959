/** `POST /fine_tuning/jobs`: the checks the service makes before a job exists, then the job. */
import { z } from 'zod';
import { invalid, type ApiError } from '../http/errors.js';
import { isTunedName, modelName, ORGANIZATION, rootBase } from '../jobs/names.js';
import { findBase } from '../model/base-models.js';
import { newId, nowSeconds } from '../state/ids.js';
import type { JobState, LegacySettings } from '../state/records.js';
import type { Services } from '../services.js';

const Hyper = z.union([z.number(), z.literal('auto')]).optional();
const HyperInput = z
  .object({
    n_epochs: Hyper,
    batch_size: Hyper,
    learning_rate_multiplier: Hyper,
    beta: Hyper,
    // This server's own extension (OpenAI's API has none): see earlyStopOf.
    early_stopping_patience: z.unknown().optional(),
  })
  .loose();

export const CreateJob = z.object({
  model: z.string(),
  training_file: z.string(),
  validation_file: z.string().nullable().optional(),
  suffix: z.string().nullable().optional(),
  seed: z.number().nullable().optional(),
  metadata: z.record(z.string(), z.string()).nullable().optional(),
  hyperparameters: HyperInput.optional(),
  method: z
    .object({
      type: z.string(),
      supervised: z.object({ hyperparameters: HyperInput.optional() }).loose().optional(),
    })
    .loose()
    .optional(),
  integrations: z.array(z.unknown()).nullable().optional(),
});
export type CreateJob = z.infer<typeof CreateJob>;

const RANGES = {
  n_epochs: { min: 1, max: 50, integer: true },
  batch_size: { min: 1, max: 256, integer: true },
  learning_rate_multiplier: { min: 0, max: 10, integer: false },
} as const;

function checkHyper(value: number | 'auto' | undefined, name: keyof typeof RANGES, prefix: string): void {
  if (value === undefined || value === 'auto') return;
  const range = RANGES[name];
  const ok =
    (!range.integer || Number.isInteger(value)) &&
    (name === 'learning_rate_multiplier' ? value > 0 : value >= range.min) &&
    value <= range.max;
  if (!ok) {
    const bounds =
      name === 'learning_rate_multiplier'
        ? `greater than 0 and at most ${range.max}`
        : `an integer between ${range.min} and ${range.max}`;
    throw invalid(
      `Invalid value for ${name}: ${value}. It must be ${bounds}.`,
      `${prefix}.${name}`,
      'invalid_value',
    );
  }
}

function checkFile(services: Services, id: string, param: 'training_file' | 'validation_file'): void {
  const file = services.files.get(id);
  if (!file) throw invalid(`invalid ${param}: ${id}`, param);
  if (file.purpose !== 'fine-tune') {
    throw invalid(
      `File ${id} has purpose '${file.purpose}', but fine-tuning needs purpose 'fine-tune'.`,
      param,
      `invalid_${param}`,
    );
  }
}

/**
 * The local model is trained by supervised next-piece prediction only: a DPO objective on it is not
 * implemented, so preference jobs are refused with the conversion that does work here.
 */
export function unsupportedMethod(type: string): ApiError {
  const hint =
    type === 'dpo'
      ? ' To use preference data here, train on the preferred outputs: turn each line into' +
        ' {"messages": [...input.messages, ...preferred_output]} and create the job with method type' +
        " 'supervised'."
      : " Create the job with method type 'supervised'.";
  return invalid(
    `The local provider trains with the supervised method only; method '${type}' is not supported.${hint}`,
    'method.type',
    'unsupported_method',
  );
}

/** What the legacy endpoint decides for the job it creates (see routes/legacy-create.ts). */
export interface LegacyIdentity {
  readonly id: string;
  readonly modelName: string;
  readonly settings: LegacySettings;
}

export function createJob(services: Services, body: CreateJob, legacy?: LegacyIdentity): JobState {
  const base = findBase(rootBase(body.model));
  const tuned = isTunedName(body.model);
  if (!base || (tuned && !services.models.isTuned(body.model))) {
    throw invalid(
      `Model ${body.model} is not available for fine-tuning or does not exist.`,
      'model',
      'model_not_available',
    );
  }
  const type = body.method?.type ?? 'supervised';
  if (type !== 'supervised') throw unsupportedMethod(type);
  if (body.suffix !== undefined && body.suffix !== null && !/^[A-Za-z0-9._-]{1,64}$/.test(body.suffix)) {
    throw invalid('Invalid suffix: use 1 to 64 letters, digits, "-", "_" or ".".', 'suffix', 'invalid_value');
  }
  if (
    body.seed !== undefined &&
    body.seed !== null &&
    !(Number.isInteger(body.seed) && body.seed >= 0 && body.seed <= 2147483647)
  ) {
    throw invalid(
      `Invalid seed: ${body.seed}. It must be an integer between 0 and 2147483647.`,
      'seed',
      'invalid_value',
    );
  }
  const metadata = body.metadata ?? null;
  if (
    metadata &&
    (Object.keys(metadata).length > 16 ||
      Object.entries(metadata).some(([k, v]) => k.length > 64 || v.length > 512))
  ) {
    throw invalid(
      'Invalid metadata: at most 16 pairs, keys up to 64 and values up to 512 characters.',
      'metadata',
      'invalid_value',
    );
  }
  const fromMethod = body.method?.supervised?.hyperparameters;
  const requested = fromMethod ?? body.hyperparameters ?? {};
  const prefix = fromMethod ? 'method.supervised.hyperparameters' : 'hyperparameters';
  for (const name of ['n_epochs', 'batch_size', 'learning_rate_multiplier'] as const)
    checkHyper(requested[name], name, prefix);
  const earlyStop = earlyStopOf(requested.early_stopping_patience, `${prefix}.early_stopping_patience`);
  if (earlyStop !== null && !body.validation_file) {
    throw invalid(
      'Early stopping needs a validation file: it stops when the validation loss stops improving.',
      `${prefix}.early_stopping_patience`,
      'invalid_value',
    );
  }
  checkFile(services, body.training_file, 'training_file');
  if (body.validation_file) {
    checkFile(services, body.validation_file, 'validation_file');
    if (body.validation_file === body.training_file) {
      throw invalid(
        'The training and validation files must be different.',
        'validation_file',
        'invalid_validation_file',
      );
    }
  }

  const id = legacy?.id ?? newId('ftjob-');
  const shortId = newId('', 8).toLowerCase();
  const hyper = {
    n_epochs: requested.n_epochs ?? 'auto',
    batch_size: requested.batch_size ?? 'auto',
    learning_rate_multiplier: requested.learning_rate_multiplier ?? 'auto',
  } as const;
  const suffix = body.suffix ?? null;
  return {
    job: {
      object: 'fine_tuning.job',
      id,
      created_at: nowSeconds(),
      finished_at: null,
      model: body.model,
      fine_tuned_model: null,
      organization_id: `org-${ORGANIZATION}`,
      status: 'validating_files',
      error: null,
      estimated_finish: null,
      trained_tokens: null,
      training_file: body.training_file,
      validation_file: body.validation_file ?? null,
      result_files: [],
      hyperparameters: { ...hyper },
      method: { type: 'supervised', supervised: { hyperparameters: { ...hyper } } },
      seed: body.seed ?? Math.floor(Math.random() * 2147483647),
      metadata,
      integrations: null,
      user_provided_suffix: suffix,
    },
    requested: { ...hyper },
    modelName: legacy?.modelName ?? modelName(base.id, suffix, shortId),
    shortId,
    checkpoints: [],
    rows: [],
    totalSteps: null,
    resumeFrom: null,
    startedAt: null,
    createdMs: Date.now(),
    runStartStep: 0,
    legacy: legacy?.settings ?? null,
    earlyStop,
  };
}

/**
 * `early_stopping_patience`: evaluations (one per epoch, on the whole validation file) without a lower
 * validation loss before training stops. Absent or null: off, as on OpenAI.
 */
function earlyStopOf(value: unknown, param: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 50) return value;
  throw invalid(
    `Invalid value for early_stopping_patience: ${JSON.stringify(value)}. It must be an integer between 1 and 50.`,
    param,
    'invalid_value',
  );
}
