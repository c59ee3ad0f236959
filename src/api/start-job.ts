import { open } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DataFormat } from '../core/findings.js';
import { UserError } from '../core/errors.js';
import { saveJobRecord, type JobRecord } from '../store/jobs.js';
import type { Connection } from './connect.js';
import { ExplainedError } from './errors.js';
import { createJob, type CreateJobInput, type FineTuningJob } from './jobs.js';
import { uploadFile, type UploadOptions, type UploadProgress } from './uploads.js';
import { inferInferenceFormat, inferSystemPrompt } from '../core/prepare/infer-format.js';

export interface StartJobInput extends Omit<CreateJobInput, 'trainingFile' | 'validationFile'> {
  /** Paths of the prepared files on this machine. */
  readonly trainingPath: string;
  readonly validationPath?: string | undefined;
  /** How the data was prepared, remembered so the model is queried the same way. */
  readonly separator?: string | undefined;
  readonly stop?: string | undefined;
  readonly systemPrompt?: string | undefined;
  readonly dataFormat?: DataFormat | undefined;
}

export interface StartJobOptions {
  readonly onProgress?: (progress: UploadProgress & { readonly which: 'training' | 'validation' }) => void;
  readonly signal?: AbortSignal;
  /** Passed to the uploader (tests use a tiny part size). */
  readonly upload?: Omit<UploadOptions, 'onProgress' | 'signal'>;
  readonly env?: NodeJS.ProcessEnv;
}

/** Guesses the data format from the first example (the wizard passes the one it knows). */
export async function sniffDataFormat(path: string): Promise<DataFormat | null> {
  const handle = await open(path, 'r');
  try {
    const { buffer, bytesRead } = await handle.read(Buffer.alloc(65536), 0, 65536, 0);
    const first = buffer.subarray(0, bytesRead).toString('utf8').split('\n')[0] ?? '';
    const row = JSON.parse(first) as Record<string, unknown>;
    if ('preferred_output' in row || 'chosen' in row) return 'preference';
    if ('messages' in row) return 'chat';
    if ('prompt' in row) return 'prompt-completion';
  } catch {
    // Not JSON lines, or a first line longer than the sample: the API will say what is wrong.
  } finally {
    await handle.close();
  }
  return null;
}

/**
 * Uploads the prepared files, creates the job and saves its local record: the whole "start"
 * step shared by `fine-tune create` and the wizard. Failures arrive as `ExplainedError`.
 */
export async function startJob(
  connection: Connection,
  input: StartJobInput,
  options: StartJobOptions = {},
): Promise<{ job: FineTuningJob; record: JobRecord }> {
  const upload = async (path: string, which: 'training' | 'validation') => {
    try {
      return await uploadFile(connection.client, path, {
        ...options.upload,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.({ ...p, which }),
      });
    } catch (error) {
      if (error instanceof Error && 'code' in error && error.code === 'ENOENT') {
        throw new UserError(`cannot read the ${which} file: ${path}`);
      }
      throw new ExplainedError(connection.explain(error, 'upload'));
    }
  };
  const trainingPath = resolve(input.trainingPath);
  const validationPath = input.validationPath ? resolve(input.validationPath) : undefined;
  const training = await upload(trainingPath, 'training');
  const validation = validationPath ? await upload(validationPath, 'validation') : null;
  let job: FineTuningJob;
  try {
    job = await createJob(
      connection.client,
      { ...input, trainingFile: training.id, validationFile: validation?.id ?? null },
      options.signal ? { signal: options.signal } : {},
    );
  } catch (error) {
    throw new ExplainedError(connection.explain(error, 'create-job'));
  }
  const dataFormat = input.dataFormat ?? (await sniffDataFormat(trainingPath));
  // Unless told, remember what the prepared prompts and completions end with, for `complete` and chat.
  const inferred =
    dataFormat === 'prompt-completion'
      ? await inferInferenceFormat(trainingPath)
      : { separator: null, stop: null };
  // And, for chat data, the system message its examples open with (the tester and eval send it).
  const systemPrompt =
    input.systemPrompt ??
    (dataFormat === 'chat' || dataFormat === 'preference' ? await inferSystemPrompt(trainingPath) : null);
  const record = {
    id: job.id,
    provider: connection.provider,
    // A local server's address changes with every start: record none.
    baseURL: connection.ephemeral ? '' : connection.baseURL,
    trainingFile: { id: training.id, path: trainingPath },
    validationFile: validation && validationPath ? { id: validation.id, path: validationPath } : null,
    model: input.model,
    suffix: input.suffix ?? null,
    dataFormat,
    separator: input.separator ?? inferred.separator,
    stop: input.stop ?? inferred.stop,
    systemPrompt,
    createdAt: job.created_at,
    fineTunedModel: null,
  } satisfies JobRecord;
  await saveJobRecord(record, options.env);
  return { job, record };
}
