/**
 * What the runner makes of a trainer's messages (`recordProgress`), message by message, without a
 * worker: job fields, events, checkpoints (the last three kept, older snapshots removed), the pause
 * and the results file.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { JobBook } from '../../src/server/jobs/job-book.js';
import { recordProgress, restartPace } from '../../src/server/jobs/progress.js';
import { FileBook } from '../../src/server/state/files.js';
import type { JobStatus, Metrics } from '../../src/server/state/records.js';
import { Store } from '../../src/server/state/store.js';
import { tempDir } from './helpers.js';
import { jobIn } from './state-server.js';

const HYPER = { n_epochs: 2, batch_size: 1, learning_rate_multiplier: 0.5 };
const row = (step: number, valid?: number): Metrics => ({
  step,
  train_loss: 1 / step,
  train_mean_token_accuracy: 0.5,
  ...(valid === undefined ? {} : { valid_loss: valid }),
  batch_tokens: 7,
});

describe('recording a trainer’s progress', () => {
  let dir: string;
  let store: Store;
  let book: JobBook;
  let files: FileBook;
  let settled: boolean[];
  beforeEach(() => {
    dir = tempDir();
    store = new Store(dir);
    book = new JobBook(store);
    files = new FileBook(store);
    settled = [];
  });
  afterEach(() => {
    vi.useRealTimers();
    rmSync(dir, { recursive: true, force: true });
  });
  /** What a restarted server would read: the status changes are written at once, not batched. */
  const onDisk = (id: string) => new JobBook(store).get(id);

  function seed(status: JobStatus, legacy = false): string {
    const state = jobIn(status);
    if (legacy) {
      state.legacy = {
        model: 'ada',
        prompt_loss_weight: 0.01,
        compute_classification_metrics: false,
        classification_n_classes: null,
        classification_positive_class: null,
        classification_betas: null,
      };
    }
    book.add(state);
    return state.job.id;
  }
  const send = (id: string, message: Parameters<typeof recordProgress>[3]) =>
    recordProgress(book, files, id, message, (done) => settled.push(done));
  const messages = (id: string) =>
    book
      .listEvents(id)
      .map((e) => e.message)
      .reverse();

  it('starts a queued job: running, its hyperparameters resolved, one event', () => {
    const id = seed('queued');
    send(id, { type: 'started', hyperparameters: HYPER, totalSteps: 10, step: 0 });
    const state = book.get(id);
    expect(state?.job.status).toBe('running');
    expect(state?.job.hyperparameters).toEqual(HYPER);
    expect(state?.job.method.supervised.hyperparameters).toEqual(HYPER);
    expect(state?.totalSteps).toBe(10);
    expect(state?.startedAt).toBeGreaterThan(0);
    expect(messages(id)).toEqual(['Fine-tuning job started']);
    expect(onDisk(id)?.job.status).toBe('running');
  });

  it('goes on with a job already running (recovered) without saying it started, keeping its start time', () => {
    const id = seed('running');
    book.update(id, (s) => (s.startedAt = 123));
    send(id, { type: 'started', hyperparameters: HYPER, totalSteps: 10, step: 4 });
    expect(book.get(id)?.job.status).toBe('running');
    expect(book.get(id)?.startedAt).toBe(123);
    expect(messages(id)).toEqual([]);
  });

  it('says where a queued job starts again', () => {
    const id = seed('queued');
    send(id, { type: 'started', hyperparameters: HYPER, totalSteps: 10, step: 4 });
    expect(messages(id)).toEqual(['Fine-tuning job started again at step 4']);
  });

  it('logs each step with its metrics, and estimates the finish from the third step of a run on', () => {
    const id = seed('queued');
    send(id, { type: 'started', hyperparameters: HYPER, totalSteps: 10, step: 0 });
    send(id, { type: 'metrics', metrics: row(1), totalSteps: 10 });
    send(id, { type: 'metrics', metrics: row(2, 0.25), totalSteps: 10 });
    expect(book.get(id)?.job.estimated_finish).toBeNull();
    send(id, { type: 'metrics', metrics: row(3), totalSteps: 10 });
    expect(book.get(id)?.job.estimated_finish).toBeGreaterThanOrEqual(Math.floor(Date.now() / 1000) - 1);
    expect(book.get(id)?.rows.map((r) => r.step)).toEqual([1, 2, 3]);
    const [second] = book.listEvents(id).filter((e) => e.message.startsWith('Step 2/'));
    expect(second).toMatchObject({
      message: 'Step 2/10: training loss=0.5000, validation loss=0.2500',
      type: 'metrics',
      data: { step: 2, train_loss: 0.5, train_mean_token_accuracy: 0.5, valid_loss: 0.25, total_steps: 10 },
    });
    // Fields only the legacy results file shows stay out of the events.
    expect(second?.data).not.toHaveProperty('batch_tokens');
    expect(messages(id)).toContain('Step 1/10: training loss=1.0000');
  });

  it('estimates the finish from the pace of the current run: steps left times the time per step', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    const t0 = Date.UTC(2026, 0, 2, 3, 4, 5);
    vi.setSystemTime(t0);
    const id = seed('running');
    // A run that goes on from step 4: three steps later, 3 s in, 10 − 7 steps remain at 1 s each.
    send(id, { type: 'started', hyperparameters: HYPER, totalSteps: 10, step: 4 });
    for (const step of [5, 6]) {
      vi.setSystemTime(t0 + (step - 4) * 1000);
      send(id, { type: 'metrics', metrics: row(step), totalSteps: 10 });
      expect(book.get(id)?.job.estimated_finish).toBeNull();
    }
    vi.setSystemTime(t0 + 3000);
    send(id, { type: 'metrics', metrics: row(7), totalSteps: 10 });
    expect(book.get(id)?.job.estimated_finish).toBe(t0 / 1000 + 6);
    // Resumed at step 7 a minute later (a parked trainer): the pace starts again from there.
    vi.setSystemTime(t0 + 63_000);
    restartPace(id, 7);
    vi.setSystemTime(t0 + 65_000);
    send(id, { type: 'metrics', metrics: row(9), totalSteps: 10 });
    expect(book.get(id)?.job.estimated_finish).toBe(t0 / 1000 + 6);
    vi.setSystemTime(t0 + 69_000);
    send(id, { type: 'metrics', metrics: row(10), totalSteps: 10 });
    expect(book.get(id)?.job.estimated_finish).toBe(t0 / 1000 + 69);
  });

  it('keeps the last three checkpoints, newest first, and removes the snapshot of an older one', () => {
    const id = seed('running');
    book.update(id, (s) => (s.totalSteps = 40));
    for (const step of [10, 20, 30, 40]) {
      mkdirSync(store.path('jobs', id, `ckpt-step-${step}`), { recursive: true });
      send(id, {
        type: 'checkpoint',
        step,
        dir: store.path('jobs', id, `ckpt-step-${step}`),
        metrics: row(step),
      });
    }
    const state = book.get(id);
    expect(state?.checkpoints.map((c) => c.step_number)).toEqual([40, 30, 20]);
    expect(state?.checkpoints[0]).toMatchObject({
      object: 'fine_tuning.job.checkpoint',
      fine_tuned_model_checkpoint: `${state?.modelName}:ckpt-step-40`,
      fine_tuning_job_id: id,
      metrics: { step: 40, train_loss: 1 / 40 },
    });
    expect(state?.checkpoints[0]?.metrics).not.toHaveProperty('batch_tokens');
    expect(store.exists(`jobs/${id}/ckpt-step-10`)).toBe(false);
    expect(store.exists(`jobs/${id}/ckpt-step-20`)).toBe(true);
    const events = book.listEvents(id).reverse();
    expect(events.map((e) => e.message)).toEqual(
      [10, 20, 30, 40].map((s) => `Checkpoint created at step ${s}`),
    );
    expect(events[0]).toMatchObject({ type: 'message', data: { step: 10 } });
    expect(state?.checkpoints.every((c) => /^ftckpt-\w+$/.test(c.id))).toBe(true);
    expect(onDisk(id)?.checkpoints.map((c) => c.step_number)).toEqual([40, 30, 20]);
  });

  it('words a legacy job’s checkpoint as a finished epoch', () => {
    const id = seed('running', true);
    book.update(id, (s) => {
      s.totalSteps = 40;
      s.job.hyperparameters = { ...HYPER, n_epochs: 4 };
    });
    send(id, { type: 'checkpoint', step: 20, dir: '', metrics: row(20) });
    expect(messages(id)).toEqual(['Completed epoch 2/4']);
  });

  it('pauses a pausing job where its trainer saved the snapshot', () => {
    const id = seed('pausing');
    book.update(id, (s) => (s.job.estimated_finish = 1_700_000_999));
    send(id, { type: 'paused', step: 7, dir: '' });
    const state = book.get(id);
    expect(state?.job.status).toBe('paused');
    expect(state?.job.estimated_finish).toBeNull();
    expect(state?.resumeFrom).toBe(`jobs/${id}/pause`);
    expect(messages(id)).toEqual(['Fine-tuning job paused at step 7']);
    expect(settled).toEqual([false]);
    expect(onDisk(id)?.job.status).toBe('paused');
  });

  it('ends a job that succeeded with its model, its results file and its events', () => {
    const id = seed('running');
    book.update(id, (s) => {
      s.rows = [row(1), row(2)];
      s.resumeFrom = `jobs/${id}/ckpt-step-1`;
      s.job.estimated_finish = 1_700_000_999;
    });
    send(id, { type: 'succeeded', dir: '', trainedTokens: 99 });
    const state = book.get(id);
    const [resultsId] = state?.job.result_files ?? [];
    expect(state?.job).toMatchObject({
      status: 'succeeded',
      fine_tuned_model: state?.modelName,
      trained_tokens: 99,
      estimated_finish: null,
    });
    expect(state?.job.finished_at).toBeGreaterThan(0);
    expect(state?.resumeFrom).toBeNull();
    expect(files.get(resultsId ?? '')).toMatchObject({
      filename: 'step_metrics.csv',
      purpose: 'fine-tune-results',
    });
    expect(
      files
        .content(resultsId ?? '')
        ?.toString()
        .split('\n'),
    ).toHaveLength(4);
    expect(messages(id)).toEqual([
      `New fine-tuned model created: ${state?.modelName}`,
      'The job has successfully completed',
    ]);
    expect(settled).toEqual([true]);
    // Written at once: a restart finds it succeeded.
    expect(new JobBook(store).get(id)?.job.status).toBe('succeeded');
  });

  it('names a legacy job’s results file as the old service did, and says it uploaded it', () => {
    const id = seed('running', true);
    send(id, { type: 'succeeded', dir: '', trainedTokens: 1 });
    const [resultsId] = book.get(id)?.job.result_files ?? [];
    expect(files.get(resultsId ?? '')?.filename).toBe('compiled_results.csv');
    expect(messages(id)).toContain(`Uploaded result file: ${resultsId}`);
    expect(messages(id).at(-1)).toBe('Fine-tune succeeded');
  });

  it('says where an early stop happened and which checkpoint became the model', () => {
    const id = seed('running');
    send(id, { type: 'early-stopped', step: 40, bestStep: 20, bestLoss: 0.123456, patience: 2 });
    const name = book.get(id)?.modelName ?? '';
    expect(messages(id)).toEqual([
      'Early stop at step 40: the validation loss has not improved for 2 evaluations. The model is the ' +
        `best checkpoint, step 20 (full validation loss 0.1235): ${name}:ckpt-step-20`,
    ]);
    expect(book.listEvents(id)[0]?.data).toEqual({
      early_stopped_at_step: 40,
      best_step: 20,
      best_full_valid_loss: 0.123456,
    });
    send(id, { type: 'early-stopped', step: 50, bestStep: 40, bestLoss: 1, patience: 1 });
    expect(messages(id).at(-1)).toMatch(/has not improved for 1 evaluation\. The model/);
  });

  it('ignores a message about a job that is no longer in the book', () => {
    const hyperparameters = HYPER;
    for (const message of [
      { type: 'started', hyperparameters, totalSteps: 10, step: 0 },
      { type: 'metrics', metrics: row(1), totalSteps: 10 },
      { type: 'early-stopped', step: 4, bestStep: 2, bestLoss: 1, patience: 1 },
      { type: 'succeeded', dir: 'final', trainedTokens: 5 },
    ] as const) {
      expect(() => send('ftjob-gone', message)).not.toThrow();
    }
    expect(files.list()).toEqual([]);
  });
});
