import type { AppError } from '../../api/errors.js';
import type { FollowState } from '../../api/follow.js';
import {
  isTerminalStatus,
  type ClassificationSummary,
  type FineTuningJob,
  type FineTuningJobEvent,
} from '../../api/jobs.js';
import { metricsOf, resumedFromStep, type StepMetrics } from '../../api/metrics.js';
import type { JobRecord } from '../../store/jobs.js';

/**
 * The live job panel (DESIGN screen 6) as data. The follow hook delivers updates in batches (at most
 * ~10 a second) as one `job-update` action; everything the panel shows is derived from this.
 */
export type Control = 'cancel' | 'pause' | 'resume';

export interface Panel {
  readonly record: JobRecord;
  readonly job: FineTuningJob;
  /** Latest events, oldest first (capped: the panel shows a window of them). */
  readonly events: readonly FineTuningJobEvent[];
  readonly metrics: readonly StepMetrics[];
  /** Steps with a checkpoint, from the events (and the final list once the job is done). */
  readonly checkpoints: readonly number[];
  readonly follow: FollowState;
  readonly chart: 'loss' | 'accuracy';
  /** Events scrolled back from the newest. */
  readonly scroll: number;
  readonly overlay: 'none' | 'cancel';
  /** A control request on its way to the API. */
  readonly pending: Control | null;
  /** The last failed control request or the reason following stopped. */
  readonly notice: AppError | null;
  /** Classification metrics from the results file, once a job that computed them is done. */
  readonly classification: ClassificationSummary | null;
}

export type PanelUpdate = {
  readonly job?: FineTuningJob;
  readonly events?: readonly FineTuningJobEvent[];
  readonly follow?: FollowState;
  readonly checkpoints?: readonly number[];
  readonly notice?: AppError;
  readonly classification?: ClassificationSummary;
};

const MAX_EVENTS = 500;
const CHECKPOINT = /checkpoint created at step (\d+)/i;

export function initialPanel(record: JobRecord, job: FineTuningJob): Panel {
  return {
    record,
    job,
    events: [],
    metrics: [],
    checkpoints: [],
    follow: { state: 'connecting' },
    chart: 'loss',
    scroll: 0,
    overlay: 'none',
    pending: null,
    notice: null,
    classification: null,
  };
}

export function applyUpdate(panel: Panel, update: PanelUpdate): Panel {
  // Following again (back from the tester or the evaluation) replays the job's history: what the panel
  // already has (by id, or older than its newest event) is not counted twice.
  const known = new Set(panel.events.map((e) => e.id));
  const newest = panel.events.at(-1)?.created_at ?? -Infinity;
  const fresh = (update.events ?? []).filter((e) => !known.has(e.id) && e.created_at >= newest);
  let metrics = [...panel.metrics];
  const checkpoints = new Set(update.checkpoints ?? panel.checkpoints);
  for (const event of fresh) {
    // A job resumed from a checkpoint trains the later steps again: their old points go.
    const resumed = resumedFromStep(event);
    if (resumed !== null) metrics = metrics.filter((m) => m.step <= resumed);
    const m = metricsOf(event);
    if (m !== null) metrics.push(m);
    const step = CHECKPOINT.exec(event.message)?.[1];
    if (step !== undefined) checkpoints.add(Number(step));
  }
  const events = fresh.length === 0 ? panel.events : [...panel.events, ...fresh].slice(-MAX_EVENTS);
  return {
    ...panel,
    job: update.job ?? panel.job,
    events,
    metrics,
    checkpoints: [...checkpoints].sort((a, b) => a - b),
    follow: update.follow ?? panel.follow,
    notice: update.notice ?? panel.notice,
    classification: update.classification ?? panel.classification,
    // A scrolled-back view stays on the same events while new ones arrive below.
    scroll: panel.scroll === 0 ? 0 : Math.min(events.length - 1, panel.scroll + fresh.length),
  };
}

export function isFinal(panel: Panel): boolean {
  return isTerminalStatus(panel.job.status);
}

/** Step and total steps of the latest metrics (null before the first). */
export function progressOf(panel: Panel): { readonly step: number; readonly total: number | null } | null {
  const last = panel.metrics.at(-1);
  if (last === undefined) return null;
  const total = panel.metrics.findLast((m) => m.totalSteps !== null)?.totalSteps ?? null;
  return { step: last.step, total };
}

/**
 * Seconds left, from the pace between the first and the latest metrics event (event times, so the
 * estimate follows the job, not this process's clock). Null until there is a pace to go on.
 */
export function etaSeconds(panel: Panel): number | null {
  const progress = progressOf(panel);
  // Only a running job has a pace: paused, queued or final, there is nothing to count down.
  if (progress === null || progress.total === null || panel.job.status !== 'running') return null;
  const timed = panel.events.filter((e) => e.type === 'metrics');
  const first = timed[0];
  const last = timed.at(-1);
  const firstStep = first === undefined ? null : metricsOf(first)?.step;
  if (first === undefined || last === undefined || firstStep == null) return null;
  const steps = progress.step - firstStep;
  const seconds = last.created_at - first.created_at;
  if (steps <= 0 || seconds <= 0) return null;
  return Math.round(((progress.total - progress.step) * seconds) / steps);
}
