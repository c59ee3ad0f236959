import type { Connection } from '../api/connect.js';
import type { FineTuningJob, Hyperparameters } from '../api/jobs.js';
import type { ModelInfo } from '../api/models.js';
import type { StartJobInput, StartJobOptions } from '../api/start-job.js';
import { convertFilesToChat } from '../core/convert-files.js';
import { UserError } from '../core/errors.js';
import type { DataFormat } from '../core/findings.js';
import type { JobRecord } from '../store/jobs.js';
import type { HyperValue, SourceJob } from './inventory.js';
import { startJobWithManifest } from './manifest.js';
import type { HyperName, Range, TargetProfile } from './seams.js';

/**
 * Step 4 of a rescue: the same data trained on another provider's base model. The source job's
 * settings are carried over where the target takes them and within its limits; everything that
 * cannot be carried over is said in a note, never dropped silently. A chat base given
 * prompt/completion data gets the data converted (beside the kept files, which stay as they are).
 */
export interface Translated {
  readonly hyperparameters: Hyperparameters;
  readonly notes: readonly string[];
}

const WORDS: Record<HyperName, string> = {
  nEpochs: 'epochs',
  batchSize: 'batch size',
  learningRate: 'learning-rate multiplier',
};

function fit(value: number, range: Range): number {
  const whole = range.integer ? Math.round(value) : value;
  return Math.min(range.max, Math.max(range.min, whole));
}

/** The source job's epochs, batch size and multiplier as the target can take them (overrides win). */
export function translateHyperparameters(
  source: SourceJob['hyperparameters'] | null,
  profile: TargetProfile,
  overrides: Partial<Record<HyperName, number>> = {},
): Translated {
  const notes: string[] = [];
  const out: Record<string, number | 'auto'> = {};
  for (const name of ['nEpochs', 'batchSize', 'learningRate'] as const) {
    const range = profile.hyperparameters[name];
    const wanted: HyperValue = overrides[name] ?? source?.[name] ?? null;
    if (range === undefined) {
      if (typeof wanted === 'number') {
        notes.push(
          `${WORDS[name]} ${wanted} is not carried over: ${profile.provider} does not take it and chooses its own.`,
        );
      }
      continue;
    }
    if (typeof wanted !== 'number') {
      out[name] = 'auto';
      continue;
    }
    const value = fit(wanted, range);
    if (value !== wanted) {
      notes.push(`${WORDS[name]} ${wanted} is outside what ${profile.provider} accepts: ${value} instead.`);
    }
    out[name] = value;
  }
  if (typeof out.learningRate === 'number' && overrides.learningRate === undefined) {
    notes.push(
      'The learning-rate multiplier scales each base model’s own rate: the same number is not the same step on another base.',
    );
  }
  if (typeof source?.beta === 'number')
    notes.push(`DPO beta ${source.beta} is not carried over: the rescue trains with the supervised method.`);
  return { hyperparameters: out as Hyperparameters, notes };
}

export type Conversion = 'none' | 'to-chat' | 'impossible';

/** What the target base needs done to data of this format. */
export function conversionFor(format: DataFormat, target: Pick<ModelInfo, 'formats'>): Conversion {
  if (target.formats.includes(format)) return 'none';
  if (format === 'prompt-completion' && target.formats.includes('chat')) return 'to-chat';
  if (format === 'preference' && target.formats.includes('preference')) return 'none';
  return 'impossible';
}

export interface RetrainPlan {
  readonly model: string;
  readonly trainingPath: string;
  readonly validationPath: string | null;
  readonly format: DataFormat;
  readonly separator: string | null;
  readonly stop: string | null;
  readonly conversion: Conversion;
  readonly suffix: string | null;
  readonly seed: number | null;
  readonly hyperparameters: Hyperparameters;
  readonly notes: readonly string[];
}

export interface PlanInput {
  readonly job: SourceJob | null;
  /** The model being rescued (named in the notes and the manifest). */
  readonly from: string;
  readonly training: string;
  readonly validation: string | null;
  readonly format: DataFormat;
  readonly separator: string | null;
  readonly stop: string | null;
  readonly target: Pick<ModelInfo, 'id' | 'formats'>;
  readonly profile: TargetProfile;
  readonly suffix?: string | undefined;
  readonly overrides?: Partial<Record<HyperName, number>>;
}

/** A suffix the target accepts: the source's, cleaned of what the target refuses. */
export function suffixFor(wanted: string | null, profile: TargetProfile): string | null {
  if (wanted === null || wanted === '') return null;
  const fits = (suffix: string) => suffix.length <= profile.suffixMaxLength && profile.suffix.test(suffix);
  if (fits(wanted)) return wanted;
  const cleaned = wanted.replace(/[^A-Za-z0-9_-]/g, '-').slice(0, profile.suffixMaxLength);
  return fits(cleaned) ? cleaned : null;
}

export function planRetrain(input: PlanInput): RetrainPlan {
  const translated = translateHyperparameters(
    input.job?.hyperparameters ?? null,
    input.profile,
    input.overrides,
  );
  const conversion = conversionFor(input.format, input.target);
  const notes = [`Rescue of ${input.from}.`, ...translated.notes];
  if (conversion === 'to-chat') {
    notes.push(
      `${input.target.id} trains on chat data: the prompt/completion files are converted (separator and stop removed).`,
    );
  }
  if (conversion === 'impossible') notes.push(`${input.target.id} cannot train on ${input.format} data.`);
  const wanted = input.suffix ?? input.job?.suffix ?? null;
  const suffix = suffixFor(wanted, input.profile);
  if (wanted !== null && suffix !== wanted)
    notes.push(
      `The suffix "${wanted}" becomes ${suffix === null ? 'none' : `"${suffix}"`} on ${input.profile.provider}.`,
    );
  if (input.job !== null && input.job.method !== 'supervised' && !input.profile.methods.includes('dpo')) {
    notes.push(
      `The source job used the ${input.job.method} method; ${input.profile.provider} trains with the supervised one.`,
    );
  }
  return {
    model: input.target.id,
    trainingPath: input.training,
    validationPath: input.validation,
    format: input.format,
    separator: input.separator,
    stop: input.stop,
    conversion,
    suffix,
    seed: input.job?.seed ?? null,
    hyperparameters: translated.hyperparameters,
    notes,
  };
}

/** Converts the data when the plan says so, then uploads, creates the job and writes its manifest. */
export async function startRetrain(
  connection: Connection,
  plan: RetrainPlan,
  options: StartJobOptions = {},
): Promise<{ job: FineTuningJob; record: JobRecord; manifest: string }> {
  if (plan.conversion === 'impossible') {
    throw new UserError(`${plan.model} cannot train on ${plan.format} data: choose another base model.`);
  }
  const files =
    plan.conversion === 'to-chat'
      ? await convertFilesToChat(
          {
            train: plan.trainingPath,
            valid: plan.validationPath,
            separator: plan.separator,
            stop: plan.stop,
          },
          options.signal,
        )
      : { train: plan.trainingPath, valid: plan.validationPath, separator: plan.separator, stop: plan.stop };
  const input: StartJobInput = {
    model: plan.model,
    trainingPath: files.train,
    validationPath: files.valid ?? undefined,
    method: 'supervised',
    suffix: plan.suffix,
    seed: plan.seed,
    hyperparameters: plan.hyperparameters,
    separator: files.separator ?? undefined,
    stop: files.stop ?? undefined,
    dataFormat: plan.conversion === 'to-chat' ? 'chat' : plan.format,
  };
  return startJobWithManifest(connection, input, { ...options, notes: plan.notes });
}
