/** Turns a worker's progress messages into job fields, events, checkpoints and the results file. */
import { newId, nowSeconds } from '../state/ids.js';
import type { FileBook } from '../state/files.js';
import type { Metrics } from '../state/records.js';
import type { JobBook } from './job-book.js';
import { say } from './messages.js';
import { checkpointName } from './names.js';
import { moveTo } from './states.js';
import { apiMetrics, resultsCsv } from './results-csv.js';
import type { FromWorker } from './protocol.js';

const KEPT_CHECKPOINTS = 3;

/** When the current run started (wall clock, step): the base of `estimated_finish`. */
const runStarts = new Map<string, { ms: number; step: number }>();

/** A parked job going on from `step` now: its finish estimate starts again from here. */
export function restartPace(id: string, step: number): void {
  runStarts.set(id, { ms: Date.now(), step });
}

type Progress = Extract<
  FromWorker,
  { type: 'started' | 'metrics' | 'checkpoint' | 'paused' | 'early-stopped' | 'succeeded' }
>;

export function recordProgress(
  book: JobBook,
  files: FileBook,
  id: string,
  message: Progress,
  /** Called when the trainer may change hands: `done` when this job's worker has finished. */
  settle: (done: boolean) => void,
): void {
  switch (message.type) {
    case 'started':
      return started(book, id, message);
    case 'metrics':
      return metrics(book, id, message.metrics, message.totalSteps);
    case 'checkpoint':
      return checkpoint(book, id, message.step, message.metrics);
    case 'paused':
      paused(book, id, message.step);
      return settle(false);
    case 'early-stopped':
      return earlyStopped(book, id, message);
    case 'succeeded':
      succeeded(book, files, id, message.trainedTokens);
      return settle(true);
  }
}

/** The worker saved a snapshot and parked: the job is paused (a restart resumes from the snapshot). */
function paused(book: JobBook, id: string, step: number): void {
  book.update(
    id,
    (s) => {
      moveTo(s.job, 'paused');
      s.job.estimated_finish = null;
      s.resumeFrom = `jobs/${id}/pause`;
    },
    true,
  );
  book.event(id, `Fine-tuning job paused at step ${step}`);
}

function started(book: JobBook, id: string, message: Extract<Progress, { type: 'started' }>): void {
  runStarts.set(id, { ms: Date.now(), step: message.step });
  const status = book.get(id)?.job.status;
  book.update(id, (s) => {
    s.job.hyperparameters = { ...message.hyperparameters };
    s.job.method.supervised.hyperparameters = { ...message.hyperparameters };
    s.totalSteps = message.totalSteps;
    s.startedAt ??= nowSeconds();
  });
  if (status === 'queued') {
    book.update(id, (s) => moveTo(s.job, 'running'), true);
    book.event(id, say(book.get(id)).started(message.step));
  }
}

function metrics(book: JobBook, id: string, row: Metrics, totalSteps: number): void {
  const start = runStarts.get(id);
  book.update(id, (s) => {
    s.rows.push(row);
    // A few steps in, the pace is known well enough to estimate the finish.
    if (start && row.step - start.step >= 3) {
      const perStep = (Date.now() - start.ms) / (row.step - start.step);
      s.job.estimated_finish = Math.round((Date.now() + perStep * (totalSteps - row.step)) / 1000);
    }
  });
  const valid = row.valid_loss === undefined ? '' : `, validation loss=${row.valid_loss.toFixed(4)}`;
  book.event(id, `Step ${row.step}/${totalSteps}: training loss=${row.train_loss.toFixed(4)}${valid}`, {
    data: { ...apiMetrics(row), total_steps: totalSteps },
  });
}

function checkpoint(book: JobBook, id: string, step: number, row: Metrics): void {
  const state = book.get(id);
  if (!state) return;
  const dropped = state.checkpoints.slice(KEPT_CHECKPOINTS - 1);
  const epochs = Number(state.job.hyperparameters.n_epochs) || 1;
  const epoch = state.totalSteps ? Math.round((step * epochs) / state.totalSteps) : 0;
  // Logged before the immediate write below, so the message is saved with its checkpoint. Its
  // step lets a restart drop it with the steps after the checkpoint it resumes from.
  book.event(id, say(state).epoch(epoch, epochs, step), { type: 'message', data: { step } });
  book.update(
    id,
    (s) => {
      s.checkpoints = [
        {
          object: 'fine_tuning.job.checkpoint',
          id: newId('ftckpt-'),
          created_at: nowSeconds(),
          fine_tuned_model_checkpoint: checkpointName(s.modelName, step),
          fine_tuning_job_id: id,
          step_number: step,
          metrics: apiMetrics(row),
        },
        ...s.checkpoints.slice(0, KEPT_CHECKPOINTS - 1),
      ];
    },
    true,
  );
  for (const old of dropped) book.removeSnapshot(id, `ckpt-step-${old.step_number}`);
}

/** Said in an event, as the issue asks: the job's model is then its best checkpoint, not its last. */
function earlyStopped(book: JobBook, id: string, m: Extract<Progress, { type: 'early-stopped' }>): void {
  const state = book.get(id);
  if (!state) return;
  const best = checkpointName(state.modelName, m.bestStep);
  book.event(
    id,
    `Early stop at step ${m.step}: the validation loss has not improved for ${m.patience} ` +
      `evaluation${m.patience === 1 ? '' : 's'}. The model is the best checkpoint, step ${m.bestStep} ` +
      `(full validation loss ${m.bestLoss.toFixed(4)}): ${best}`,
    { data: { early_stopped_at_step: m.step, best_step: m.bestStep, best_full_valid_loss: m.bestLoss } },
  );
}

function succeeded(book: JobBook, files: FileBook, id: string, trainedTokens: number): void {
  const state = book.get(id);
  if (!state) return;
  // The old service named its file compiled_results.csv; today's calls it step_metrics.csv.
  const name = state.legacy ? 'compiled_results.csv' : 'step_metrics.csv';
  const results = files.create(name, 'fine-tune-results', Buffer.from(resultsCsv(state)));
  const words = say(state);
  book.event(id, words.model(state.modelName));
  const uploaded = words.results(results.id);
  if (uploaded) book.event(id, uploaded);
  book.update(id, (s) => {
    moveTo(s.job, 'succeeded');
    s.job.fine_tuned_model = s.modelName;
    s.job.finished_at = nowSeconds();
    s.job.trained_tokens = trainedTokens;
    s.job.estimated_finish = null;
    s.job.result_files = [results.id];
    s.resumeFrom = null;
  });
  book.event(id, words.succeeded());
  book.flush();
  runStarts.delete(id);
}
