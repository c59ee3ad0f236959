/**
 * `POST /fine-tunes`: the legacy endpoint's request, checked as its reference describes it
 * (https://platform.openai.com/docs/api-reference/fine-tunes/create, restated in openai-node v4's
 * `src/resources/fine-tunes.ts`), then made into a job of the one job store.
 *
 * The old command line uploads a local file before it creates the fine-tune, so a refused request
 * would leave that upload behind, and the next run would stop to ask whether to reuse it. A
 * refused request therefore deletes the files it named that were uploaded in the last minute and
 * that no job uses, and says so.
 */
import { z } from 'zod';
import { ApiError, invalid, missing } from '../http/errors.js';
import { legacyModelName, rootBase } from '../jobs/names.js';
import { newId } from '../state/ids.js';
import type { JobState, LegacySettings } from '../state/records.js';
import type { Services } from '../services.js';
import { createJob } from './job-create.js';

export const LegacyCreate = z
  .object({
    training_file: z.string(),
    validation_file: z.string().nullable().optional(),
    // The old service's default base.
    model: z.string().nullable().optional(),
    n_epochs: z.number().nullable().optional(),
    batch_size: z.number().nullable().optional(),
    learning_rate_multiplier: z.number().nullable().optional(),
    prompt_loss_weight: z.number().min(0).nullable().optional(),
    compute_classification_metrics: z.boolean().nullable().optional(),
    classification_n_classes: z.number().int().min(2).nullable().optional(),
    classification_positive_class: z.string().nullable().optional(),
    classification_betas: z.array(z.number().positive()).min(1).nullable().optional(),
    suffix: z.string().nullable().optional(),
  })
  .loose();
export type LegacyCreate = z.infer<typeof LegacyCreate>;

/** The old service's defaults: curie, 4 epochs, a prompt loss weight of 0.01. */
const DEFAULT_MODEL = 'curie';
const DEFAULT_EPOCHS = 4;
const DEFAULT_PROMPT_LOSS_WEIGHT = 0.01;
/** How recent an upload must be to count as made for the request that failed. */
const FRESH_MS = 60_000;

/** "All punctuation and whitespace in `suffix` will be replaced with a single dash, and lower cased." */
export function legacySuffix(raw: string): string {
  if (raw.length > 40) {
    throw invalid(
      `Invalid suffix: '${raw}' is ${raw.length} characters long (at most 40).`,
      'suffix',
      'invalid_value',
    );
  }
  const clean = raw
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (clean === '')
    throw invalid(`Invalid suffix: '${raw}' has no letter or digit.`, 'suffix', 'invalid_value');
  return clean;
}

function classification(body: LegacyCreate): Omit<LegacySettings, 'model' | 'prompt_loss_weight'> {
  const compute = body.compute_classification_metrics === true;
  const positive = body.classification_positive_class ?? null;
  const classes = body.classification_n_classes ?? (positive !== null ? 2 : null);
  if (compute) {
    if (!body.validation_file) {
      throw invalid(
        'compute_classification_metrics needs a validation_file to compute them on.',
        'validation_file',
        'invalid_value',
      );
    }
    if (classes === null) {
      throw invalid(
        'compute_classification_metrics needs classification_n_classes (multiclass) or classification_positive_class (binary).',
        'classification_n_classes',
        'invalid_value',
      );
    }
    if (classes === 2 && positive === null) {
      throw invalid(
        'Binary classification needs classification_positive_class.',
        'classification_positive_class',
        'invalid_value',
      );
    }
  }
  if (positive !== null && classes !== null && classes > 2) {
    throw invalid(
      `classification_positive_class is for binary classification, but classification_n_classes is ${classes}.`,
      'classification_positive_class',
      'invalid_value',
    );
  }
  return {
    compute_classification_metrics: compute,
    classification_n_classes: classes,
    classification_positive_class: positive,
    classification_betas: body.classification_betas ?? null,
  };
}

function uniqueName(services: Services, base: string, suffix: string | null): string {
  const taken = new Set(services.book.all().map((s) => s.modelName));
  for (let at = Date.now(); ; at += 1000) {
    const name = legacyModelName(base, suffix, new Date(at));
    if (!taken.has(name)) return name;
  }
}

function build(services: Services, body: LegacyCreate): JobState {
  const model = body.model ?? DEFAULT_MODEL;
  const suffix = body.suffix ? legacySuffix(body.suffix) : null;
  const settings: LegacySettings = {
    model,
    prompt_loss_weight: body.prompt_loss_weight ?? DEFAULT_PROMPT_LOSS_WEIGHT,
    ...classification(body),
  };
  const hyperparameters = {
    n_epochs: body.n_epochs ?? DEFAULT_EPOCHS,
    ...(body.batch_size ? { batch_size: body.batch_size } : {}),
    ...(body.learning_rate_multiplier ? { learning_rate_multiplier: body.learning_rate_multiplier } : {}),
  };
  return createJob(
    services,
    {
      model,
      training_file: body.training_file,
      validation_file: body.validation_file ?? null,
      suffix,
      method: { type: 'supervised', supervised: { hyperparameters } },
    },
    { id: newId('ft-'), modelName: uniqueName(services, rootBase(model), suffix), settings },
  );
}

/** The job for a legacy request, or the request's error after removing the uploads it orphaned. */
export function createLegacyJob(services: Services, body: LegacyCreate): JobState {
  try {
    if (body.training_file === '') throw missing('training_file');
    return build(services, body);
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const removed = [body.training_file, body.validation_file].filter(
      (id): id is string => typeof id === 'string' && orphaned(services, id),
    );
    for (const id of removed) services.files.delete(id);
    // Hyperparameters are top-level fields here, not under `method` as in today's API.
    const param = error.param?.replace(/^method\.supervised\.hyperparameters\./, '') ?? null;
    const plain = new ApiError(error.status, error.message, error.type, param, error.code);
    if (removed.length === 0) throw plain;
    const note = ` The file${removed.length > 1 ? 's' : ''} ${removed.join(' and ')} uploaded for it ${removed.length > 1 ? 'were' : 'was'} deleted, so the same command can be run again once corrected.`;
    throw new ApiError(plain.status, `${plain.message}${note}`, plain.type, plain.param, plain.code);
  }
}

function orphaned(services: Services, id: string): boolean {
  const file = services.files.get(id);
  const created = services.files.createdMs(id);
  if (!file || file.purpose !== 'fine-tune' || created === undefined) return false;
  if (Date.now() - created > FRESH_MS) return false;
  return !services.book.all().some((s) => s.job.training_file === id || s.job.validation_file === id);
}
