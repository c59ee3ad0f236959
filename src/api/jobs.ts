import type OpenAI from 'openai';
import type {
  FineTuningJob,
  FineTuningJobEvent,
  JobCreateParams,
} from 'openai/resources/fine-tuning/jobs/jobs';
import type { FineTuningJobCheckpoint } from 'openai/resources/fine-tuning/jobs/checkpoints';
import { PROFILES } from './providers/table.js';
import type { Method, NumberRule, ProviderProfile } from './providers/profile.js';

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
  /** The row's learning-rate field: a multiplier on OpenAI's API, an absolute rate where the row says so. */
  readonly learningRate?: Auto<number>;
  /** DPO only, in (0, 2]. */
  readonly beta?: Auto<number>;
  /** Rows that support it only (`supports.earlyStop`): evaluations without improvement before stopping. */
  readonly earlyStop?: number;
}

export interface CreateJobInput {
  readonly model: string;
  readonly trainingFile: string;
  readonly validationFile?: string | null;
  readonly method?: Method;
  readonly hyperparameters?: Hyperparameters;
  readonly suffix?: string | null;
  readonly seed?: number | null;
  readonly metadata?: Readonly<Record<string, string>>;
  /** Values of the row's create options by key (Azure's `trainingType`); unset ones take the default. */
  readonly options?: Readonly<Record<string, string>>;
}

/** Why a suffix cannot be used on this provider, or null when it is fine (checked as it is typed). */
export function suffixProblem(suffix: string, profile: ProviderProfile = PROFILES.openai): string | null {
  const rule = profile.suffix;
  if (suffix.length === 0) return 'the suffix is empty';
  if (suffix.length > rule.maxLength) {
    return `the suffix is ${suffix.length} characters long (at most ${rule.maxLength} on ${profile.label})`;
  }
  if (!rule.pattern.test(suffix)) return `the suffix may use only ${rule.allowed} on ${profile.label}`;
  return null;
}

/** Problems of one value against its rule, in words (null when it fits or is `auto`). */
export function numberProblem(
  rule: NumberRule,
  value: Auto<number> | undefined,
  name: string = rule.name,
): string | null {
  if (value === undefined || value === 'auto') return null;
  const fits =
    Number.isFinite(value) &&
    (rule.exclusiveMin ? value > rule.min : value >= rule.min) &&
    value <= rule.max &&
    (!rule.integer || Number.isInteger(value));
  if (fits) return null;
  return `${name} must be ${rule.must}`;
}

/** Problems with hyperparameters against the row's ranges (empty when all fit), named by label or flag. */
export function hyperparameterProblems(
  h: Hyperparameters,
  profile: ProviderProfile = PROFILES.openai,
  naming: 'label' | 'flag' = 'label',
): string[] {
  const rules = profile.hyperparameters;
  const check = (rule: NumberRule, value: Auto<number> | undefined) =>
    numberProblem(rule, value, naming === 'flag' ? rule.flag : rule.name);
  const problems = [
    check(rules.epochs, h.nEpochs),
    check(rules.batchSize, h.batchSize),
    check(rules.learningRate, h.learningRate),
    h.beta === undefined || h.beta === 'auto' || (h.beta > 0 && h.beta <= 2)
      ? null
      : 'beta must be above 0 and at most 2',
  ];
  return problems.filter((p): p is string => p !== null);
}

/** Sets `value` at `path` inside `body` (creating the objects on the way). */
function setPath(body: Record<string, unknown>, path: readonly string[], value: unknown): void {
  let at = body;
  for (const key of path.slice(0, -1)) {
    const next = at[key];
    at[key] = typeof next === 'object' && next !== null ? next : {};
    at = at[key] as Record<string, unknown>;
  }
  const last = path.at(-1);
  if (last !== undefined) at[last] = value;
}

/**
 * The request body for `POST /fine_tuning/jobs` on this row: hyperparameters under `method` (the
 * top-level ones are deprecated) by the row's names, `auto` left out where the row does not take it,
 * and the row's create options where it wants them.
 */
export function buildCreateParams(
  input: CreateJobInput,
  profile: ProviderProfile = PROFILES.openai,
): JobCreateParams {
  const h = input.hyperparameters ?? {};
  const rules = profile.hyperparameters;
  const keep = (v: Auto<number> | undefined): v is Auto<number> =>
    v !== undefined && (rules.acceptsAuto || v !== 'auto');
  const common: Record<string, Auto<number>> = {};
  if (keep(h.nEpochs)) common[rules.epochs.wire] = h.nEpochs;
  if (keep(h.batchSize)) common[rules.batchSize.wire] = h.batchSize;
  if (keep(h.learningRate)) common[rules.learningRate.wire] = h.learningRate;
  // Sent only where the row takes it: another provider would refuse the unknown field.
  if (h.earlyStop !== undefined && profile.supports.earlyStop) common.early_stopping_patience = h.earlyStop;
  const method: JobCreateParams.Method =
    input.method === 'dpo'
      ? { type: 'dpo', dpo: { hyperparameters: { ...common, ...(keep(h.beta) ? { beta: h.beta } : {}) } } }
      : { type: 'supervised', supervised: { hyperparameters: common } };
  const body: Record<string, unknown> = {
    model: input.model,
    training_file: input.trainingFile,
    ...(input.validationFile ? { validation_file: input.validationFile } : {}),
    ...(input.suffix ? { suffix: input.suffix } : {}),
    ...(input.seed !== undefined && input.seed !== null ? { seed: input.seed } : {}),
    ...(input.metadata ? { metadata: { ...input.metadata } } : {}),
    method,
  };
  for (const option of profile.createOptions) {
    const choice = input.options?.[option.key] ?? option.default;
    setPath(body, option.path, option.values?.[choice] ?? choice);
  }
  return body as unknown as JobCreateParams;
}

export function createJob(
  client: OpenAI,
  input: CreateJobInput,
  r?: Request,
  profile: ProviderProfile = PROFILES.openai,
): Promise<FineTuningJob> {
  return client.fineTuning.jobs.create(buildCreateParams(input, profile), opts(r));
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
