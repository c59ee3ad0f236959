import { dirname, resolve } from 'node:path';
import type { Connection } from '../api/connect.js';
import type { FineTuningJob } from '../api/jobs.js';
import { startJob, type StartJobInput, type StartJobOptions } from '../api/start-job.js';
import { UserError } from '../core/errors.js';
import { loadJobRecord, setRecordModel, type JobRecord } from '../store/jobs.js';
import { factsOf } from './data-file.js';
import {
  iso,
  manifestOf,
  manifestPathFor,
  readManifest,
  resolvedOf,
  writeManifest,
  type Manifest,
} from './manifest-file.js';

export {
  manifestPathFor,
  readManifest,
  writeManifest,
  manifestSchema,
  type Manifest,
} from './manifest-file.js';

/**
 * The jobs side of manifests (the file itself is manifest-file.ts): every job this tool creates gets
 * one as it starts, completed when the job ends, and a manifest alone is enough to train again.
 */
/**
 * `startJob` (upload, create, record) followed by the job's manifest beside the training file: the
 * one way `create`, the wizard and a rescue start a job.
 */
export async function startJobWithManifest(
  connection: Connection,
  input: StartJobInput,
  options: StartJobOptions & { readonly notes?: readonly string[] } = {},
): Promise<{ job: FineTuningJob; record: JobRecord; manifest: string }> {
  // Facts first: a file that cannot be read fails here, before anything is uploaded.
  const training = await factsOf(resolve(input.trainingPath));
  const validation = input.validationPath ? await factsOf(resolve(input.validationPath)) : null;
  const { job, record } = await startJob(connection, input, options);
  const path = manifestPathFor(record.trainingFile.path, job.id);
  await writeManifest(path, manifestOf(input, record, job, { training, validation }, path, options.notes));
  return { job, record, manifest: path };
}

/**
 * Once a job has ended: the model on its record (for `complete` and `chat`) and the result and
 * dates in its manifest. A job this tool did not create has neither; that is fine.
 */
export async function noteJobEnded(
  job: FineTuningJob,
  env: NodeJS.ProcessEnv = process.env,
): Promise<string | null> {
  if (job.fine_tuned_model) await setRecordModel(job.id, job.fine_tuned_model, env);
  const record = await loadJobRecord(job.id, env);
  if (record === null) return null;
  const path = manifestPathFor(record.trainingFile.path, job.id);
  const manifest = await readManifest(path).catch(() => null);
  if (manifest === null || manifest.job.id !== job.id) return null;
  await writeManifest(path, {
    ...manifest,
    hyperparameters: {
      ...manifest.hyperparameters,
      resolved: resolvedOf(job) ?? manifest.hyperparameters.resolved,
    },
    job: { ...manifest.job, status: job.status, finishedAt: iso(job.finished_at) },
    result: job.fine_tuned_model
      ? { model: job.fine_tuned_model, trainedTokens: job.trained_tokens ?? null }
      : null,
  });
  return path;
}

/** Where a manifest's data file is on this machine (paths are relative to the manifest). */
export function dataPath(manifestPath: string, path: string): string {
  return resolve(dirname(manifestPath), path);
}

/**
 * The job a manifest describes, ready for `startJob`, once its data files are found unchanged:
 * same SHA-256, same example count. `model` replaces the base (retraining elsewhere).
 */
export async function inputFromManifest(
  manifestPath: string,
  overrides: { readonly model?: string | undefined; readonly suffix?: string | undefined } = {},
): Promise<{ input: StartJobInput; manifest: Manifest }> {
  const manifest = await readManifest(manifestPath);
  const check = async (file: Manifest['data']['training'], role: string): Promise<string> => {
    const path = dataPath(manifestPath, file.path);
    const facts = await factsOf(path);
    if (facts.sha256 !== file.sha256) {
      throw new UserError(
        `${path}: the ${role} file changed since the manifest was written (SHA-256 differs).`,
      );
    }
    if (facts.examples !== file.examples) {
      throw new UserError(`${path}: ${facts.examples} examples where the manifest says ${file.examples}.`);
    }
    return path;
  };
  const trainingPath = await check(manifest.data.training, 'training');
  const validationPath = manifest.data.validation
    ? await check(manifest.data.validation, 'validation')
    : undefined;
  const r = manifest.hyperparameters.requested;
  const hyperparameters = {
    ...(r.nEpochs !== null ? { nEpochs: r.nEpochs } : {}),
    ...(r.batchSize !== null ? { batchSize: r.batchSize } : {}),
    ...(r.learningRate !== null ? { learningRate: r.learningRate } : {}),
    ...(r.beta !== null ? { beta: r.beta } : {}),
    ...(r.earlyStop !== null ? { earlyStop: r.earlyStop } : {}),
  };
  return {
    manifest,
    input: {
      model: overrides.model ?? manifest.model,
      trainingPath,
      validationPath,
      method: manifest.method,
      suffix: overrides.suffix ?? manifest.suffix,
      seed: manifest.seed,
      hyperparameters,
      separator: manifest.data.separator ?? undefined,
      stop: manifest.data.stop ?? undefined,
      systemPrompt: manifest.data.systemPrompt ?? undefined,
      dataFormat: manifest.data.format ?? undefined,
    },
  };
}
