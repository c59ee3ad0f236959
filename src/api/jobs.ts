import type OpenAI from 'openai';
import type {
  FineTuningJob,
  FineTuningJobEvent,
  JobCreateParams,
} from 'openai/resources/fine-tuning/jobs/jobs';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';

export type { FineTuningJob, FineTuningJobEvent, FineTuningJobCheckpoint };

/** The API's statuses plus the pause states the SDK types do not list yet; unknown ones pass through. */
export type JobStatus = FineTuningJob['status'] | 'pausing' | 'paused' | (string & {});

const TERMINAL = new Set<string>(['succeeded', 'failed', 'cancelled']);
export function isTerminalStatus(status: JobStatus): boolean {
  return TERMINAL.has(status);
}

type Request = { readonly signal?: AbortSignal };
const opts = (r: Request = {}) => (r.signal ? { signal: r.signal } : {});

export type Auto<T> = T | 'auto';
export interface Hyperparameters {
  readonly nEpochs?: Auto<number>;
  readonly batchSize?: Auto<number>;
  readonly learningRateMultiplier?: Auto<number>;
  /** DPO only, in (0, 2]. */
  readonly beta?: Auto<number>;
}

export interface CreateJobInput {
  readonly model: string;
  readonly trainingFile: string;
  readonly validationFile?: string | null;
  readonly method?: 'supervised' | 'dpo';
  readonly hyperparameters?: Hyperparameters;
  readonly suffix?: string | null;
  readonly seed?: number | null;
  readonly metadata?: Readonly<Record<string, string>>;
}

const SUFFIX = /^[A-Za-z0-9._-]{1,64}$/;

/** Why a suffix cannot be used, or null when it is fine (the wizard checks as it is typed). */
export function suffixProblem(suffix: string): string | null {
  if (suffix.length === 0) return 'the suffix is empty';
  if (suffix.length > 64) return `the suffix is ${suffix.length} characters long (at most 64)`;
  if (!SUFFIX.test(suffix)) return 'the suffix may use only letters, digits, "-", "_" and "."';
  return null;
}

/** Problems with hyperparameters against the API's documented ranges (empty when all fit). */
export function hyperparameterProblems(h: Hyperparameters): string[] {
  const problems: string[] = [];
  const check = (name: string, v: Auto<number> | undefined, ok: (n: number) => boolean, range: string) => {
    if (v !== undefined && v !== 'auto' && !ok(v)) problems.push(`${name} must be ${range}`);
  };
  check('epochs', h.nEpochs, (n) => Number.isInteger(n) && n >= 1 && n <= 50, 'a whole number from 1 to 50');
  check(
    'batch size',
    h.batchSize,
    (n) => Number.isInteger(n) && n >= 1 && n <= 256,
    'a whole number from 1 to 256',
  );
  check('learning rate multiplier', h.learningRateMultiplier, (n) => n > 0 && Number.isFinite(n), 'above 0');
  check('beta', h.beta, (n) => n > 0 && n <= 2, 'above 0 and at most 2');
  return problems;
}

/** The request body for `POST /fine_tuning/jobs`, using `method` (top-level hyperparameters are deprecated). */
export function buildCreateParams(input: CreateJobInput): JobCreateParams {
  const h = input.hyperparameters ?? {};
  const common = {
    ...(h.nEpochs !== undefined ? { n_epochs: h.nEpochs } : {}),
    ...(h.batchSize !== undefined ? { batch_size: h.batchSize } : {}),
    ...(h.learningRateMultiplier !== undefined ? { learning_rate_multiplier: h.learningRateMultiplier } : {}),
  };
  const method: JobCreateParams.Method =
    input.method === 'dpo'
      ? {
          type: 'dpo',
          dpo: { hyperparameters: { ...common, ...(h.beta !== undefined ? { beta: h.beta } : {}) } },
        }
      : { type: 'supervised', supervised: { hyperparameters: common } };
  return {
    model: input.model,
    training_file: input.trainingFile,
    ...(input.validationFile ? { validation_file: input.validationFile } : {}),
    ...(input.suffix ? { suffix: input.suffix } : {}),
    ...(input.seed !== undefined && input.seed !== null ? { seed: input.seed } : {}),
    ...(input.metadata ? { metadata: { ...input.metadata } } : {}),
    method,
  };
}

export function createJob(client: OpenAI, input: CreateJobInput, r?: Request): Promise<FineTuningJob> {
  return client.fineTuning.jobs.create(buildCreateParams(input), opts(r));
}

export function getJob(client: OpenAI, id: string, r?: Request): Promise<FineTuningJob> {
  return client.fineTuning.jobs.retrieve(id, opts(r));
}

export interface JobPage {
  readonly jobs: FineTuningJob[];
  readonly hasMore: boolean;
}

/** One page of jobs, newest first; pass the last id as `after` for the next page. */
export async function listJobs(
  client: OpenAI,
  query: { limit?: number; after?: string } = {},
  r?: Request,
): Promise<JobPage> {
  const page = await client.fineTuning.jobs.list(query, opts(r));
  return { jobs: page.data, hasMore: page.has_more };
}

export function cancelJob(client: OpenAI, id: string, r?: Request): Promise<FineTuningJob> {
  return client.fineTuning.jobs.cancel(id, opts(r));
}
export function pauseJob(client: OpenAI, id: string, r?: Request): Promise<FineTuningJob> {
  return client.fineTuning.jobs.pause(id, opts(r));
}
export function resumeJob(client: OpenAI, id: string, r?: Request): Promise<FineTuningJob> {
  return client.fineTuning.jobs.resume(id, opts(r));
}

/** Every checkpoint of a job, oldest step first. */
export async function listCheckpoints(
  client: OpenAI,
  id: string,
  r?: Request,
): Promise<FineTuningJobCheckpoint[]> {
  const all: FineTuningJobCheckpoint[] = [];
  for await (const c of client.fineTuning.jobs.checkpoints.list(id, { limit: 100 }, opts(r))) {
    all.push(c);
  }
  return all.sort((a, b) => a.step_number - b.step_number);
}

/** One row of the results CSV: column name to number (null when the cell is empty). */
export type ResultRow = Readonly<Record<string, number | null>>;

/** Reads the job's results file (`result_files[0]`), or [] when it has none. */
export async function readResults(client: OpenAI, job: FineTuningJob, r?: Request): Promise<ResultRow[]> {
  const fileId = job.result_files[0];
  if (!fileId) return [];
  const response = await client.files.content(fileId, opts(r));
  return parseResultsCsv(await response.text());
}

export function parseResultsCsv(text: string): ResultRow[] {
  const lines = text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const header = (lines.shift() ?? '').split(',').map((h) => h.trim());
  return lines.map((line) => {
    const cells = line.split(',');
    const row: Record<string, number | null> = {};
    header.forEach((name, i) => {
      const cell = (cells[i] ?? '').trim();
      const value = Number(cell);
      row[name] = cell === '' || !Number.isFinite(value) ? null : value;
    });
    return row;
  });
}

/** The `classification/*` columns of the last results row that has them (a legacy job's metrics). */
export interface ClassificationSummary {
  readonly step: number;
  /** Column names without the prefix (`accuracy`, `f1.0`), in the file's order. */
  readonly metrics: ReadonlyArray<readonly [string, number]>;
}

export function classificationOf(rows: readonly ResultRow[]): ClassificationSummary | null {
  for (let i = rows.length - 1; i >= 0; i--) {
    const row = rows[i] ?? {};
    const metrics = Object.entries(row).flatMap(([name, value]) =>
      name.startsWith('classification/') && value !== null
        ? [[name.slice('classification/'.length), value] as const]
        : [],
    );
    if (metrics.length > 0) return { step: row.step ?? 0, metrics };
  }
  return null;
}

/** `accuracy 0.950 · precision 0.933 · f1.0 0.941`: one line for a terminal. */
export function classificationLine(summary: ClassificationSummary): string {
  return summary.metrics.map(([name, value]) => `${name} ${value.toFixed(3)}`).join(' · ');
}
