import { createReadStream } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { DataFormat } from '../core/findings.js';
import { UserError } from '../core/errors.js';
import { saveJobRecord, type JobRecord } from '../store/jobs.js';
import type { Connection } from './connect.js';
import { ExplainedError, type AppError } from './errors.js';
import { FileError, systemCode } from '../core/file-errors.js';
import type { FileObject } from 'openai/resources/files';
import { createJob, type CreateJobInput, type FineTuningJob } from './jobs.js';
import { uploadFile, type UploadOptions, type UploadProgress } from './uploads.js';
import { inferInferenceFormat, inferSystemPrompt } from '../core/prepare/infer-format.js';
import { fitProblems } from '../core/provider-fit.js';

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

export type FileRole = 'training' | 'validation';

export interface StartJobOptions {
  /** Bytes sent so far; they may start again from 0 when a failed attempt is retried. */
  readonly onProgress?: (progress: UploadProgress & { readonly which: FileRole }) => void;
  /** A file the API accepted (once per file, only on success). */
  readonly onUploaded?: (uploaded: {
    readonly which: FileRole;
    readonly path: string;
    readonly file: FileObject;
  }) => void;
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

/** Lines with something on them, counted only up to `enough` (a big file is not read to its end). */
export async function countExamples(path: string, enough: number): Promise<number> {
  let count = 0;
  let inLine = false;
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) {
    for (const byte of chunk) {
      if (byte === 10) {
        if (inLine) count += 1;
        inLine = false;
      } else if (byte !== 13 && byte !== 32 && byte !== 9) inLine = true;
    }
    if (count >= enough) return count;
  }
  return inLine ? count + 1 : count;
}

/**
 * The row's file rules before anything is sent: too few examples or a file too large for one upload
 * is said now, in one line, rather than after an upload the provider then refuses.
 */
async function checkFit(
  connection: Connection,
  trainingPath: string,
  paths: readonly string[],
): Promise<void> {
  const { profile } = connection;
  const sizes = await Promise.all(
    paths.map((p) =>
      stat(p).then(
        (s) => s.size,
        () => 0,
      ),
    ),
  );
  const examples = await countExamples(trainingPath, profile.files.minExamples).catch(() => Infinity);
  const blockers = fitProblems(
    profile.label,
    { ...profile.files, maxBytes: profile.supports.uploadsApi ? Infinity : profile.files.maxBytes },
    // The format is the model's to judge (the API says which it takes); counts and sizes are checked here.
    { examples, bytes: Math.max(0, ...sizes), format: null },
  ).filter((p) => p.level === 'blocker');
  const [first] = blockers;
  if (first !== undefined) throw new UserError(`${trainingPath}: ${first.message}`);
}

/**
 * Why an upload's connection closed: an API that answers while the file is still being sent (a 401, a
 * 500, a proxy's 413) closes the connection, which the client can only report as "could not reach the
 * API". One small request (GET /files, https://platform.openai.com/docs/api-reference/files/list) then
 * says what the API answers: its error, with its status, or null when it answers fine.
 */
async function probe(connection: Connection, signal: AbortSignal | undefined): Promise<AppError | null> {
  try {
    await connection.client.files.list({ limit: 1 }, { maxRetries: 0, ...(signal ? { signal } : {}) });
    return null;
  } catch (error) {
    const explained = connection.explain(error, 'upload');
    return explained.status ? explained : null;
  }
}

/** An upload's failure, naming the HTTP status the API gave (when it gave one). */
function uploadFailure(what: string, error: AppError): AppError {
  if (error.kind === 'cancelled') return error;
  const status = error.status;
  const message = status ? error.message.replace(` (${status})`, '') : error.message;
  return { ...error, message: `${what}${status ? ` (HTTP ${status})` : ''}: ${message}` };
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
  const upload = async (path: string, which: FileRole) => {
    try {
      const file = await uploadFile(connection.client, path, {
        // Without the Uploads API a file goes up in one request, however large (the row caps its size).
        ...(connection.profile.supports.uploadsApi ? {} : { multipartThreshold: Number.POSITIVE_INFINITY }),
        ...options.upload,
        ...(options.signal ? { signal: options.signal } : {}),
        onProgress: (p) => options.onProgress?.({ ...p, which }),
      });
      options.onUploaded?.({ which, path, file });
      return file;
    } catch (error) {
      if (error instanceof UserError) throw error;
      const code = systemCode(error);
      if (code !== null) throw new FileError('read', path, code);
      const explained = connection.explain(error, 'upload');
      const answered = explained.kind === 'network' ? await probe(connection, options.signal) : null;
      throw new ExplainedError(uploadFailure(`Could not upload the ${which} file`, answered ?? explained));
    }
  };
  const trainingPath = resolve(input.trainingPath);
  const validationPath = input.validationPath ? resolve(input.validationPath) : undefined;
  await checkFit(connection, trainingPath, validationPath ? [trainingPath, validationPath] : [trainingPath]);
  const dataFormat = input.dataFormat ?? (await sniffDataFormat(trainingPath).catch(() => null));
  const training = await upload(trainingPath, 'training');
  const validation = validationPath ? await upload(validationPath, 'validation') : null;
  let job: FineTuningJob;
  try {
    job = await createJob(
      connection.client,
      { ...input, trainingFile: training.id, validationFile: validation?.id ?? null },
      options.signal ? { signal: options.signal } : {},
      connection.profile,
    );
  } catch (error) {
    throw new ExplainedError(connection.explain(error, 'create-job', { dataFormat }));
  }
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
