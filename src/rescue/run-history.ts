/**
 * Every job this tool created (its record and manifest) or followed (its run note), as one list:
 * `fine-tune runs` and the wizard's Runs screen show it. It lives beside the manifests it reads.
 */
import { trainedCost } from '../core/cost.js';
import { epochOf, type LossStep, type OverlaySeries } from '../core/runs.js';
import { decimal, formatUsd, withThousands } from '../core/numbers.js';
import type { ProviderName } from '../core/provider-names.js';
import { listJobRecords, type JobRecord } from '../store/jobs.js';
import { listRunNotes, loadEvalScores, type EvalScore, type RunNote } from '../store/runs.js';
import { manifestPathFor, readManifest, type Manifest } from './manifest-file.js';
import { smoothedPoints } from '../core/smoothing.js';

export interface RunData {
  readonly path: string | null;
  readonly fileId: string | null;
  readonly sha256: string | null;
  readonly rows: number | null;
}

export interface Run {
  readonly id: string;
  readonly provider: ProviderName;
  readonly baseURL: string;
  readonly model: string;
  readonly suffix: string | null;
  readonly fineTunedModel: string | null;
  readonly status: string;
  readonly createdAt: number;
  readonly training: RunData | null;
  readonly validation: RunData | null;
  readonly hyperparameters: Readonly<Record<string, number | string>>;
  readonly totalSteps: number | null;
  readonly trainedTokens: number | null;
  readonly finalTrainLoss: number | null;
  readonly finalValidLoss: number | null;
  readonly eval: EvalScore | null;
  /** Dollars for the trained tokens at the base's price; 0 on the local provider, null when unknown. */
  readonly costUsd: number | null;
  /** True when only followed here (no record of its creation). */
  readonly followedOnly: boolean;
}

function dataOf(
  file: Manifest['data']['training'] | null | undefined,
  path: string | null,
  fileId: string | null,
): RunData | null {
  if (!file && path === null && fileId === null) return null;
  return {
    path: path ?? file?.path ?? null,
    fileId: file?.fileId ?? fileId,
    sha256: file?.sha256 ?? null,
    rows: file?.examples ?? null,
  };
}

function hyperOfManifest(m: Manifest | null): Record<string, number | string> {
  if (!m) return {};
  const h = m.hyperparameters.resolved ?? m.hyperparameters.requested;
  const out: Record<string, number | string> = {};
  const put = (key: string, v: number | 'auto' | null) => {
    if (v !== null) out[key] = v;
  };
  put('n_epochs', h.nEpochs);
  put('batch_size', h.batchSize);
  put('learning_rate_multiplier', h.learningRate);
  return out;
}

function runOf(
  id: string,
  record: JobRecord | null,
  note: RunNote | null,
  manifest: Manifest | null,
  evals: ReadonlyMap<string, EvalScore>,
): Run | null {
  const provider = note?.provider ?? record?.provider;
  if (provider === undefined) return null;
  const model = note?.model ?? record?.model ?? '';
  const fineTunedModel = note?.fineTunedModel ?? record?.fineTunedModel ?? manifest?.result?.model ?? null;
  const trainedTokens = note?.trainedTokens ?? manifest?.result?.trainedTokens ?? null;
  return {
    id,
    provider,
    baseURL: note?.baseURL ?? record?.baseURL ?? '',
    model,
    suffix: note?.suffix ?? record?.suffix ?? null,
    fineTunedModel,
    status: note?.status ?? manifest?.job.status ?? 'unknown',
    createdAt: note?.createdAt ?? record?.createdAt ?? 0,
    training: dataOf(
      manifest?.data.training,
      record?.trainingFile.path ?? null,
      note?.trainingFile ?? record?.trainingFile.id ?? null,
    ),
    validation: dataOf(
      manifest?.data.validation,
      record?.validationFile?.path ?? null,
      note?.validationFile ?? record?.validationFile?.id ?? null,
    ),
    hyperparameters: { ...hyperOfManifest(manifest), ...note?.hyperparameters },
    totalSteps: note?.totalSteps ?? null,
    trainedTokens,
    finalTrainLoss: note?.finalTrainLoss ?? null,
    finalValidLoss: note?.finalValidLoss ?? null,
    eval: fineTunedModel === null ? null : (evals.get(fineTunedModel) ?? null),
    costUsd: trainedCost(model, trainedTokens, { local: provider === 'local' }),
    followedOnly: record === null,
  };
}

/** Every run, newest first. */
export async function loadRuns(env: NodeJS.ProcessEnv = process.env): Promise<Run[]> {
  const [records, notes, evals] = await Promise.all([
    listJobRecords(env),
    listRunNotes(env),
    loadEvalScores(env),
  ]);
  const byId = new Map(records.map((r) => [r.id, r]));
  const ids = [...new Set([...byId.keys(), ...notes.keys()])];
  const runs = await Promise.all(
    ids.map(async (id) => {
      const record = byId.get(id) ?? null;
      const manifest = record
        ? await readManifest(manifestPathFor(record.trainingFile.path, id)).catch(() => null)
        : null;
      return runOf(id, record, notes.get(id) ?? null, manifest, evals);
    }),
  );
  return runs.filter((r): r is Run => r !== null).sort((a, b) => b.createdAt - a.createdAt);
}

/** A run named by job id, fine-tuned model or one of its checkpoints; null when none matches. */
export function findRun(runs: readonly Run[], name: string): Run | null {
  return (
    runs.find((r) => r.id === name) ??
    runs.find(
      (r) =>
        r.fineTunedModel !== null && (name === r.fineTunedModel || name.startsWith(`${r.fineTunedModel}:`)),
    ) ??
    null
  );
}

const loss = (x: number | null) => (x === null ? '-' : decimal(x, 4));

/** A run's settings and results as words, in the order `runs compare` lists them. */
export function settingsOf(run: Run): Record<string, string> {
  const data = (d: RunData | null) =>
    d === null
      ? '-'
      : [d.sha256?.slice(0, 12) ?? d.fileId ?? '', d.rows === null ? '' : `${withThousands(d.rows)} rows`]
          .filter(Boolean)
          .join(' · ');
  const h = run.hyperparameters;
  return {
    provider: run.provider,
    base: run.model,
    suffix: run.suffix ?? '-',
    'training data': data(run.training),
    'validation data': data(run.validation),
    epochs: String(h.n_epochs ?? '-'),
    'batch size': String(h.batch_size ?? '-'),
    'learning rate': String(h.learning_rate_multiplier ?? h.learning_rate ?? '-'),
    status: run.status,
    'trained tokens': run.trainedTokens === null ? '-' : withThousands(run.trainedTokens),
    'final training loss': loss(run.finalTrainLoss),
    'final validation loss': loss(run.finalValidLoss),
    eval: evalWords(run.eval),
    cost: formatUsd(run.costUsd),
  };
}

export function evalWords(score: EvalScore | null): string {
  return score === null ? '-' : `${decimal(score.score * 100, 1)}% ${score.metric}`;
}

function epochs(run: Run): number {
  const n = run.hyperparameters.n_epochs;
  return typeof n === 'number' ? n : 1;
}

/** Training loss per step and full validation loss per epoch end, on the epoch axis. */
export function curvesOf(run: Run, steps: readonly LossStep[]) {
  const total = run.totalSteps ?? steps.at(-1)?.step ?? 0;
  const at = (s: LossStep) => epochOf(s.step, total, epochs(run));
  return {
    train: steps.flatMap((s) => (s.trainLoss === null ? [] : [{ epoch: at(s), value: s.trainLoss }])),
    validation: steps.flatMap((s) =>
      s.fullValidLoss === null ? [] : [{ epoch: at(s), value: s.fullValidLoss }],
    ),
  };
}

/**
 * The runs' curves to overlay: each one's training and validation loss, those with points only,
 * smoothed as the job panel draws them (one spiking example would otherwise set the scale).
 */
export function overlaySeries(
  a: ReturnType<typeof curvesOf>,
  b: ReturnType<typeof curvesOf>,
): OverlaySeries[] {
  return [
    { label: 'A training loss', points: smoothedPoints(a.train) },
    { label: 'B training loss', points: smoothedPoints(b.train) },
    { label: 'A validation loss', points: smoothedPoints(a.validation) },
    { label: 'B validation loss', points: smoothedPoints(b.validation) },
  ].filter((s) => s.points.length > 0);
}
