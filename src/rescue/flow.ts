import type { Connection } from '../api/connect.js';
import { queryFormat } from '../api/completions-format.js';
import type { FineTuningJob } from '../api/jobs.js';
import type { ModelInfo } from '../api/models.js';
import { sniffDataFormat } from '../api/start-job.js';
import { UserError } from '../core/errors.js';
import type { DataFormat } from '../core/findings.js';
import { inferInferenceFormat } from '../core/prepare/infer-format.js';
import { DEFAULT_PRICES, inferencePrice, type InferencePrice, type PriceTable } from '../core/prices.js';
import { loadJobRecord, type JobRecord } from '../store/jobs.js';
import { compareWithGolden, type RescueReport } from './compare.js';
import { DEFAULT_SAMPLE, recordGoldenSet, sourceFormat, type GoldenSource } from './golden-set.js';
import type { InventoryItem } from './inventory.js';
import { keepJobData, type KeepResult } from './keep-job-data.js';
import type { Role } from './keep-data.js';
import type { RecordProgress, RecordResult } from './record-answers.js';
import { planRetrain, startRetrain, type RetrainPlan } from './retrain.js';
import type { HyperName, RescueSeams } from './seams.js';
import { keptPath, keptRecord, saveState, type RescueState } from './state.js';

/**
 * The rescue's steps over its folder and `rescue.json`, one function each, shared by
 * `fine-tune rescue` (which runs them in a row) and the wizard (one screen each). Each step saves
 * the state it reached, so stopping anywhere and starting again goes on from there.
 */
export interface RescueContext {
  /** Where the old model lives. */
  readonly source: Connection;
  readonly seams: RescueSeams;
  readonly folder: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly prices?: PriceTable | undefined;
}

/** What answering costs: nothing on the local provider, the price table's figure elsewhere. */
export function priceFor(
  provider: string,
  model: string,
  prices: PriceTable = DEFAULT_PRICES,
): InferencePrice | null {
  return provider === 'local' ? { input: 0, output: 0 } : inferencePrice(model, prices);
}

export async function stepKeepData(
  ctx: RescueContext,
  state: RescueState,
  item: InventoryItem,
  local: Readonly<Partial<Record<Role, string>>> = {},
  signal?: AbortSignal,
): Promise<{ state: RescueState; result: KeepResult }> {
  const result = await keepJobData({
    client: ctx.source.client,
    item,
    folder: ctx.folder,
    local,
    ...(ctx.env ? { env: ctx.env } : {}),
    ...(signal ? { signal } : {}),
  });
  const record = (role: Role) => {
    const file = result.kept[role];
    return file ? keptRecord(file, ctx.folder) : state.data[role];
  };
  const next = { ...state, data: { training: record('training'), validation: record('validation') } };
  await saveState(ctx.folder, next);
  return { state: next, result };
}

export interface GoldenChoice {
  /** A file of inputs the user gives instead of the validation file. */
  readonly prompts?: string | undefined;
  /** Examples sampled from training when there is no validation file (default 200). */
  readonly sample?: number | undefined;
  readonly seed?: number | undefined;
}

/** The validation file kept, else the user's file, else a sample of the training file. */
export function goldenSource(state: RescueState, folder: string, choice: GoldenChoice = {}): GoldenSource {
  if (choice.prompts !== undefined) return { how: 'file', path: choice.prompts };
  if (state.data.validation !== null)
    return { how: 'validation', path: keptPath(state.data.validation, folder) };
  if (state.data.training === null)
    throw new UserError('keep the training data first: it is where the golden inputs come from.');
  return {
    how: 'sample',
    path: keptPath(state.data.training, folder),
    count: choice.sample ?? DEFAULT_SAMPLE,
    seed: choice.seed ?? 1,
  };
}

export async function stepGolden(
  ctx: RescueContext,
  state: RescueState,
  source: GoldenSource,
  options: {
    readonly concurrency?: number;
    readonly signal?: AbortSignal;
    readonly onProgress?: (p: RecordProgress) => void;
    readonly backoffBaseMs?: number;
  } = {},
): Promise<{ state: RescueState; result: RecordResult }> {
  const signal = options.signal;
  const result = await recordGoldenSet({
    client: ctx.source.client,
    provider: ctx.source.provider,
    model: state.model,
    folder: ctx.folder,
    source,
    format: null,
    trainingPath: state.data.training ? keptPath(state.data.training, ctx.folder) : null,
    price: priceFor(ctx.source.provider, state.model, ctx.prices),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(signal ? { signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
    ...(ctx.env ? { env: ctx.env } : {}),
  });
  const next = { ...state, golden: { done: result.progress.done, total: result.progress.total } };
  await saveState(ctx.folder, next);
  return { state: next, result };
}

/** The kept data's format and the separator and stop its examples end with. */
export async function keptFormat(
  state: RescueState,
  folder: string,
): Promise<{
  format: DataFormat;
  separator: string | null;
  stop: string | null;
  training: string;
  validation: string | null;
}> {
  if (state.data.training === null)
    throw new UserError('keep the training data first: there is nothing to train on.');
  const training = keptPath(state.data.training, folder);
  const format = (await sniffDataFormat(training)) ?? 'chat';
  const inferred =
    format === 'prompt-completion' ? await inferInferenceFormat(training) : { separator: null, stop: null };
  return {
    format,
    ...inferred,
    training,
    validation: state.data.validation ? keptPath(state.data.validation, folder) : null,
  };
}

export async function planFor(
  ctx: RescueContext,
  state: RescueState,
  item: InventoryItem,
  target: { readonly provider: string; readonly model: Pick<ModelInfo, 'id' | 'formats'> },
  options: {
    readonly suffix?: string | undefined;
    readonly overrides?: Partial<Record<HyperName, number>>;
  } = {},
): Promise<RetrainPlan> {
  const kept = await keptFormat(state, ctx.folder);
  return planRetrain({
    job: item.job,
    from: state.model,
    training: kept.training,
    validation: kept.validation,
    format: kept.format,
    separator: kept.separator,
    stop: kept.stop,
    target: target.model,
    profile: ctx.seams.targetProfile(target.provider),
    ...(options.suffix !== undefined ? { suffix: options.suffix } : {}),
    ...(options.overrides ? { overrides: options.overrides } : {}),
  });
}

export async function stepRetrain(
  ctx: RescueContext,
  state: RescueState,
  target: Connection,
  plan: RetrainPlan,
  signal?: AbortSignal,
): Promise<{ state: RescueState; job: FineTuningJob; record: JobRecord; manifest: string }> {
  const { job, record, manifest } = await startRetrain(target, plan, {
    ...(signal ? { signal } : {}),
    ...(ctx.env ? { env: ctx.env } : {}),
  });
  const next: RescueState = {
    ...state,
    retrain: {
      provider: record.provider,
      baseURL: record.baseURL,
      model: plan.model,
      jobId: job.id,
      manifest,
      fineTunedModel: null,
    },
  };
  await saveState(ctx.folder, next);
  return { state: next, job, record, manifest };
}

/** Notes the retrained model once its job has succeeded. */
export async function noteRetrained(
  ctx: RescueContext,
  state: RescueState,
  job: FineTuningJob,
): Promise<RescueState> {
  if (state.retrain === null || state.retrain.jobId !== job.id || !job.fine_tuned_model) return state;
  const next = { ...state, retrain: { ...state.retrain, fineTunedModel: job.fine_tuned_model } };
  await saveState(ctx.folder, next);
  return next;
}

export async function stepCompare(
  ctx: RescueContext,
  state: RescueState,
  target: Connection,
  options: {
    /** Ask the old model again too (while it answers). */
    readonly live?: boolean;
    readonly concurrency?: number;
    readonly signal?: AbortSignal;
    readonly onProgress?: (which: 'candidate' | 'live', p: RecordProgress) => void;
    readonly backoffBaseMs?: number;
  } = {},
): Promise<{ state: RescueState; report: RescueReport; paths: { markdown: string; json: string } }> {
  const model = state.retrain?.fineTunedModel;
  if (!model) throw new UserError('there is no retrained model to compare yet.');
  const training = state.data.training ? keptPath(state.data.training, ctx.folder) : null;
  // The new model is asked as its own job record says (separator and stop, or chat).
  const record = await loadJobRecord(state.retrain?.jobId ?? '', ctx.env).catch(() => null);
  const format =
    record !== null
      ? queryFormat(model, record, {}, 'completions')
      : await sourceFormat(model, training, 'completions', ctx.env);
  const { report, paths } = await compareWithGolden({
    client: target.client,
    provider: target.provider,
    model,
    format,
    folder: ctx.folder,
    live: options.live ? { client: ctx.source.client, model: state.model } : null,
    price: priceFor(target.provider, model, ctx.prices),
    ...(options.concurrency !== undefined ? { concurrency: options.concurrency } : {}),
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
    ...(options.backoffBaseMs !== undefined ? { backoffBaseMs: options.backoffBaseMs } : {}),
  });
  const entry = { model, markdown: paths.markdown, json: paths.json, agreement: report.agreement.agreement };
  const next = { ...state, reports: [...state.reports.filter((r) => r.model !== model), entry] };
  await saveState(ctx.folder, next);
  return { state: next, report, paths };
}
