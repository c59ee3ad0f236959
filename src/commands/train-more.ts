import { access } from 'node:fs/promises';
import type { Connection } from '../api/connect.js';
import { getJob, type Hyperparameters } from '../api/jobs.js';
import type { StartJobInput } from '../api/start-job.js';
import { correctionsToInclude, trainingWith, trainMoreWarning } from '../core/corrections.js';
import { UserError } from '../core/errors.js';
import { manifestPathFor, readManifest } from '../rescue/manifest-file.js';
import type { JobRecord } from '../store/jobs.js';

/**
 * `create --from-job JOB` (and the job panel's "train more"): a new job whose base is JOB's fine-tuned
 * model, on the same data plus the corrections, with the same settings. The training file of JOB's
 * manifest (or record) is the data; the validation file is taken as it is now, since a corrected
 * validation example is moved out of it on purpose.
 */

/** `--corrections [FILE]` / `--no-corrections`: commander gives a path, true, false or nothing. */
export type CorrectionsFlag = string | boolean | undefined;
async function exists(path: string): Promise<boolean> {
  return access(path).then(
    () => true,
    () => false,
  );
}

export { correctionsToInclude, trainingWith, trainMoreWarning };

function numbers(h: Record<string, unknown> | undefined): Hyperparameters {
  const pick = (v: unknown) => (typeof v === 'number' ? v : undefined);
  const nEpochs = pick(h?.n_epochs);
  const batchSize = pick(h?.batch_size);
  const learningRate = pick(h?.learning_rate_multiplier);
  return {
    ...(nEpochs !== undefined ? { nEpochs } : {}),
    ...(batchSize !== undefined ? { batchSize } : {}),
    ...(learningRate !== undefined ? { learningRate } : {}),
  };
}

export interface TrainMore {
  readonly input: StartJobInput;
  readonly corrections: number;
  readonly warning: string;
}

/** The job to start, from JOB's record and manifest and its state at the provider. */
export async function trainMoreInput(
  connection: Connection,
  record: JobRecord,
  options: { readonly suffix?: string | undefined; readonly corrections: CorrectionsFlag },
): Promise<TrainMore> {
  const job = await getJob(connection.client, record.id);
  if (job.status !== 'succeeded' || !job.fine_tuned_model) {
    throw new UserError(
      `${record.id}: the job is ${job.status}; training more starts from a succeeded job's model.`,
    );
  }
  const manifestPath = manifestPathFor(record.trainingFile.path, record.id);
  const manifest = (await exists(manifestPath)) ? await readManifest(manifestPath) : null;
  const r = manifest?.hyperparameters.requested;
  const hyperparameters: Hyperparameters = r
    ? {
        ...(r.nEpochs !== null ? { nEpochs: r.nEpochs } : {}),
        ...(r.batchSize !== null ? { batchSize: r.batchSize } : {}),
        ...(r.learningRate !== null ? { learningRate: r.learningRate } : {}),
      }
    : numbers(job.hyperparameters as Record<string, unknown> | undefined);
  const trainingPath = record.trainingFile.path;
  if (!(await exists(trainingPath))) {
    throw new UserError(`${trainingPath}: the training file of ${record.id} is no longer there.`);
  }
  const corrections = await correctionsToInclude(trainingPath, options.corrections, true);
  const validationPath = record.validationFile?.path;
  return {
    corrections: corrections?.rows ?? 0,
    warning: trainMoreWarning(job.fine_tuned_model, hyperparameters.learningRate, corrections?.rows ?? 0),
    input: {
      model: job.fine_tuned_model,
      trainingPath: await trainingWith(trainingPath, corrections),
      validationPath:
        validationPath !== undefined && (await exists(validationPath)) ? validationPath : undefined,
      suffix: options.suffix ?? record.suffix,
      seed: null,
      ...(manifest ? { method: manifest.method } : {}),
      hyperparameters,
      separator: record.separator ?? undefined,
      stop: record.stop ?? undefined,
      systemPrompt: record.systemPrompt ?? undefined,
      dataFormat: record.dataFormat ?? undefined,
    },
  };
}
