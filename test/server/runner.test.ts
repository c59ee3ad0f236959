/**
 * The job runner, driven message by message: fake worker threads (handed in as `startThread`) say
 * what a real worker says (validated, started, metrics, paused, succeeded, invalid, crashed) and exit
 * when the test says so, and each test checks what a client then reads: the status (saved at once),
 * the error, the events, and which job holds the trainer. The last test runs the real worker thread
 * (from dist/) on tiny data.
 */
import { EventEmitter } from 'node:events';
import { readFileSync, rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { JobBook } from '../../src/server/jobs/job-book.js';
import type { FromWorker, ToWorker, WorkerInput } from '../../src/server/jobs/protocol.js';
import { JobRunner } from '../../src/server/jobs/runner.js';
import type { JobThread } from '../../src/server/jobs/worker-thread.js';
import { FileBook } from '../../src/server/state/files.js';
import { JobState, type JobStatus } from '../../src/server/state/records.js';
import { Store } from '../../src/server/state/store.js';
import { tempDir, tinyData } from './helpers.js';
import { jobIn } from './state-server.js';

class FakeThread extends EventEmitter implements JobThread {
  readonly posted: ToWorker[] = [];
  terminated = false;
  /** Ends as soon as it is terminated, as a real worker does before `terminate()` settles. */
  exitsOnTerminate = false;

  constructor(readonly input: WorkerInput) {
    super();
  }

  postMessage(message: ToWorker): void {
    this.posted.push(message);
  }

  /** Unless `exitsOnTerminate`, the `exit` comes when the test sends it with `exit()`. */
  terminate(): Promise<number> {
    this.terminated = true;
    if (this.exitsOnTerminate) this.exit(1);
    return Promise.resolve(1);
  }

  say(message: FromWorker): void {
    this.emit('message', message);
  }

  exit(code = 0): void {
    this.emit('exit', code);
  }
}

const HYPER = { n_epochs: 2, batch_size: 3, learning_rate_multiplier: 0.5 };
const GENERIC_CRASH = 'Training failed because of an error in the local server (its log says more).';
const VALIDATING = (file: string) => `Validating training file: ${file}`;
const VALIDATED = 'Files validated, moving job to queued state';
const WAITING = 'Waiting for the job in training: the local provider trains one job at a time.';

interface Rig {
  readonly runner: JobRunner;
  readonly book: JobBook;
  readonly store: Store;
  readonly files: FileBook;
  readonly threads: FakeThread[];
  readonly logged: string[];
  /** The id of an uploaded training file (tiny data). */
  readonly training: string;
  /** A job in `status` on this training file, newer than the ones before. */
  job(status: JobStatus, edit?: (state: JobState) => void): string;
  /** The job as saved in `jobs/{id}/job.json` (the runner writes status changes at once). */
  saved(id: string): JobState;
  /** Messages of the job's events, oldest first. */
  events(id: string): string[];
  /** The threads started for a job, oldest first. */
  threadsOf(id: string): FakeThread[];
  /** The job's latest thread. */
  thread(id: string): FakeThread;
}

const dirs: string[] = [];
const runners: JobRunner[] = [];
afterEach(async () => {
  for (const runner of runners.splice(0)) await runner.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function rig(options: { real?: boolean } = {}): Rig {
  const dir = tempDir();
  dirs.push(dir);
  const store = new Store(dir);
  const files = new FileBook(store);
  const book = new JobBook(store);
  const threads: FakeThread[] = [];
  const logged: string[] = [];
  const runner = new JobRunner(book, files, store, {
    stepDelayMs: 0,
    log: (line) => logged.push(line),
    ...(options.real
      ? {}
      : {
          startThread: (input: WorkerInput) => {
            const thread = new FakeThread(input);
            threads.push(thread);
            return thread;
          },
        }),
  });
  runners.push(runner);
  const training = files.create('train.jsonl', 'fine-tune', Buffer.from(tinyData(12))).id;
  const threadsOf = (id: string) => threads.filter((t) => t.input.jobDir === store.path('jobs', id));
  return {
    runner,
    book,
    store,
    files,
    threads,
    logged,
    training,
    job: (status, edit) => {
      const state = jobIn(status);
      state.job.training_file = training;
      edit?.(state);
      book.add(state);
      return state.job.id;
    },
    saved: (id) => JobState.parse(JSON.parse(readFileSync(store.path('jobs', id, 'job.json'), 'utf8'))),
    events: (id) =>
      book
        .listEvents(id)
        .map((e) => e.message)
        .reverse(),
    threadsOf,
    thread: (id) => {
      const thread = threadsOf(id).at(-1);
      if (!thread) throw new Error(`no thread for ${id}`);
      return thread;
    },
  };
}

/** A job admitted with the trainer free, its files found good and its training started. */
function running(r: Rig): string {
  const id = r.job('validating_files');
  r.runner.admit(id);
  r.thread(id).say({ type: 'validated', examples: 12, hyperparameters: HYPER });
  r.thread(id).say({ type: 'started', hyperparameters: HYPER, totalSteps: 8, step: 0 });
  expect(r.saved(id).job.status).toBe('running');
  return id;
}

/** A job admitted while another trains: checked in a thread of its own, then queued. */
function queued(r: Rig): string {
  const id = r.job('validating_files');
  r.runner.admit(id);
  r.thread(id).say({ type: 'validated', examples: 12, hyperparameters: HYPER });
  expect(r.saved(id).job.status).toBe('queued');
  return id;
}

function paused(r: Rig): string {
  const id = running(r);
  r.runner.pause(id);
  r.thread(id).say({ type: 'paused', step: 3, dir: r.store.path('jobs', id, 'pause') });
  expect(r.saved(id).job.status).toBe('paused');
  return id;
}

describe('a new job', () => {
  it('is trained at once by one thread that checks its files itself when the trainer is free', () => {
    const r = rig();
    // Neither keeps it waiting: a job that ended, a paused one whose trainer was let go.
    r.job('succeeded');
    r.job('paused');
    const id = r.job('validating_files');
    r.runner.admit(id);
    expect(r.threads).toHaveLength(1);
    const thread = r.thread(id);
    expect(thread.input).toMatchObject({ mode: 'train', trainingFileId: r.training, stepDelayMs: 0 });
    expect(r.events(id)).toEqual([VALIDATING(r.training)]);

    thread.say({ type: 'validated', examples: 12, hyperparameters: HYPER });
    const saved = r.saved(id);
    expect(saved.job.status).toBe('queued');
    expect(saved.job.hyperparameters).toEqual(HYPER);
    expect(saved.job.method.supervised.hyperparameters).toEqual(HYPER);
    // Nothing ahead of it: no word of waiting.
    expect(r.events(id)).toEqual([VALIDATING(r.training), VALIDATED]);

    thread.say({ type: 'started', hyperparameters: HYPER, totalSteps: 8, step: 0 });
    thread.say({
      type: 'metrics',
      metrics: { step: 1, train_loss: 1, train_mean_token_accuracy: 0 },
      totalSteps: 8,
    });
    thread.say({ type: 'succeeded', dir: r.store.path('jobs', id, 'final'), trainedTokens: 96 });
    expect(r.saved(id).job).toMatchObject({ status: 'succeeded', trained_tokens: 96 });
    expect(r.saved(id).job.result_files).toHaveLength(1);
    expect(thread.terminated).toBe(true);
    expect(r.threads).toHaveLength(1);
  });

  it('of the legacy API says nothing while its files are checked, as the old service did', () => {
    const r = rig();
    const id = r.job('validating_files', (s) => {
      s.legacy = {
        model: 'ada',
        prompt_loss_weight: 0.01,
        compute_classification_metrics: false,
        classification_n_classes: null,
        classification_positive_class: null,
        classification_betas: null,
      };
    });
    r.runner.admit(id);
    expect(r.events(id)).toEqual([]);
    expect(r.thread(id).input.mode).toBe('train');
  });

  it('made while another trains is checked in a thread of its own, then waits queued behind it', () => {
    const r = rig();
    const first = running(r);
    const second = r.job('validating_files');
    r.runner.admit(second);
    const check = r.thread(second);
    expect(check.input.mode).toBe('validate');
    expect(r.saved(second).job.status).toBe('validating_files');

    check.say({ type: 'validated', examples: 12, hyperparameters: HYPER });
    expect(r.saved(second).job.status).toBe('queued');
    expect(r.saved(second).job.hyperparameters).toEqual(HYPER);
    expect(r.events(second)).toEqual([VALIDATING(r.training), VALIDATED, WAITING]);
    check.exit();
    expect(r.threadsOf(second)).toHaveLength(1);
    expect(r.book.get(first)?.job.status).toBe('running');

    // The trainer changes hands when the first job is done.
    r.thread(first).say({ type: 'succeeded', dir: r.store.path('jobs', first, 'final'), trainedTokens: 96 });
    expect(r.thread(first).terminated).toBe(true);
    expect(r.threadsOf(second)).toHaveLength(2);
    expect(r.thread(second).input.mode).toBe('train');
  });

  it('fails at once when its check finds a bad file, naming the field; the trainer goes on', () => {
    const r = rig();
    const first = running(r);
    const second = r.job('validating_files');
    r.runner.admit(second);
    const check = r.thread(second);
    const problem = { param: 'training_file', code: 'invalid_file_format', message: 'Line 3 is not JSON.' };
    check.say({ type: 'invalid', ...problem });
    const saved = r.saved(second);
    expect(saved.job.status).toBe('failed');
    expect(saved.job.error).toEqual(problem);
    expect(saved.job.finished_at).toBeGreaterThan(0);
    expect(r.book.listEvents(second)[0]).toMatchObject({ level: 'error', message: problem.message });
    expect(check.terminated).toBe(true);
    expect(r.thread(first).terminated).toBe(false);
    expect(r.saved(first).job.status).toBe('running');
  });

  it('fails with a server error when its check crashes, the details (a path) in the log only', () => {
    const r = rig();
    running(r);
    const second = r.job('validating_files');
    r.runner.admit(second);
    const details = `EACCES: permission denied, open '${r.store.path('files', r.training)}'`;
    r.thread(second).say({ type: 'crashed', message: details });
    const error = r.saved(second).job.error;
    expect(error).toEqual({
      code: 'server_error',
      param: null,
      message: 'Checking the files failed because of an error in the local server (its log says more).',
    });
    expect(JSON.stringify(r.book.listEvents(second))).not.toContain(r.store.root);
    expect(r.logged).toEqual([`error: job ${second}: checking the files failed: ${details}`]);
  });

  it('fails the same way when its check thread dies of an uncaught error', () => {
    const r = rig();
    running(r);
    const second = r.job('validating_files');
    r.runner.admit(second);
    r.thread(second).emit('error', new Error('out of memory'));
    expect(r.saved(second).job.error?.code).toBe('server_error');
    expect(r.logged).toEqual([`error: job ${second}: checking the files failed: out of memory`]);
  });

  it('lets its check thread go once it ends: closing has nothing of it to stop', async () => {
    const r = rig();
    running(r);
    const second = queued(r);
    const check = r.thread(second);
    check.exit();
    await r.runner.close();
    expect(check.terminated).toBe(false);
  });

  it('stays cancelled whatever its check says afterwards', () => {
    const r = rig();
    running(r);
    const second = r.job('validating_files');
    r.runner.admit(second);
    const check = r.thread(second);
    r.runner.cancel(second);
    expect(check.terminated).toBe(true);
    check.say({ type: 'validated', examples: 12, hyperparameters: HYPER });
    check.say({ type: 'invalid', param: 'training_file', code: 'invalid_file_format', message: 'late' });
    check.say({ type: 'crashed', message: 'late' });
    expect(r.saved(second).job).toMatchObject({ status: 'cancelled', error: null });
    expect(r.events(second)).toEqual([VALIDATING(r.training), 'Fine-tuning job cancelled']);
    expect(r.logged).toEqual([]);
  });

  it('is refused with a 404 when the runner never had it, for each request', () => {
    const r = rig();
    for (const ask of [
      () => r.runner.admit('ftjob-nope'),
      () => r.runner.cancel('ftjob-nope'),
      () => r.runner.pause('ftjob-nope'),
      () => r.runner.resume('ftjob-nope'),
    ]) {
      const error = refusal(ask);
      expect(error.status).toBe(404);
      expect(error.code).toBe('fine_tune_not_found');
    }
  });
});

describe('cancel', () => {
  it('stops the trainer, ends the job at once and hands the trainer to the next job', () => {
    const r = rig();
    const first = running(r);
    r.book.update(first, (s) => {
      s.job.estimated_finish = 2_000_000_000;
    });
    const second = queued(r);
    r.runner.cancel(first);
    const saved = r.saved(first);
    expect(saved.job.status).toBe('cancelled');
    expect(saved.job.finished_at).toBeGreaterThan(0);
    expect(saved.job.estimated_finish).toBeNull();
    expect(r.events(first).at(-1)).toBe('Fine-tuning job cancelled');
    expect(r.thread(first).terminated).toBe(true);
    expect(r.thread(second).input.mode).toBe('train');

    // The old trainer's last words change nothing.
    const rows = r.book.get(first)?.rows.length;
    r.thread(first).say({
      type: 'metrics',
      metrics: { step: 9, train_loss: 1, train_mean_token_accuracy: 0 },
      totalSteps: 8,
    });
    r.thread(first).say({ type: 'crashed', message: 'terminated' });
    r.thread(first).exit(1);
    expect(r.book.get(first)?.rows.length).toBe(rows);
    expect(r.saved(first).job).toMatchObject({ status: 'cancelled', error: null });
    expect(r.logged).toEqual([]);
    expect(r.saved(second).job.status).toBe('queued');
  });

  it('of a job that has ended is refused, and the trainer is left alone', () => {
    const r = rig();
    const trainer = running(r);
    const done = r.job('succeeded');
    const error = refusal(() => r.runner.cancel(done));
    expect(error.status).toBe(400);
    expect(error.code).toBe('job_not_cancellable');
    expect(r.thread(trainer).terminated).toBe(false);
    expect(r.events(done)).toEqual([]);
  });
});

describe('pause and resume', () => {
  it('parks the trainer after its snapshot; resume sets the same thread going at once', () => {
    const r = rig();
    const id = running(r);
    const thread = r.thread(id);
    r.runner.pause(id);
    expect(r.saved(id).job.status).toBe('pausing');
    expect(thread.posted).toEqual([{ type: 'pause' }]);
    expect(r.events(id).at(-1)).toBe('Pausing fine-tuning job');
    expect(r.runner.busy()).toBe(true);

    thread.say({ type: 'paused', step: 3, dir: r.store.path('jobs', id, 'pause') });
    expect(r.saved(id).job.status).toBe('paused');
    expect(thread.terminated).toBe(false);
    // A paused job may wait for days: the server is idle.
    expect(r.runner.busy()).toBe(false);

    r.runner.resume(id);
    expect(r.saved(id).job.status).toBe('running');
    expect(thread.posted).toEqual([{ type: 'pause' }, { type: 'resume' }]);
    expect(r.events(id).at(-1)).toBe('Fine-tuning job resumed');
    expect(r.threads).toHaveLength(1);
  });

  it('estimates the finish again from the step it resumed at, once a few steps have passed', () => {
    const r = rig();
    const id = running(r);
    const step = (n: number) =>
      r.thread(id).say({
        type: 'metrics',
        metrics: { step: n, train_loss: 1, train_mean_token_accuracy: 0 },
        totalSteps: 20,
      });
    for (let n = 1; n <= 5; n++) step(n);
    expect(r.book.get(id)?.job.estimated_finish).toBeGreaterThan(0);
    r.runner.pause(id);
    r.thread(id).say({ type: 'paused', step: 5, dir: r.store.path('jobs', id, 'pause') });
    expect(r.book.get(id)?.job.estimated_finish).toBeNull();
    r.runner.resume(id);
    step(6);
    step(7);
    // Two steps since the resume: the pace is not known yet.
    expect(r.book.get(id)?.job.estimated_finish).toBeNull();
    step(8);
    expect(r.book.get(id)?.job.estimated_finish).toBeGreaterThan(0);
  });

  it('refuses to pause a job that is not running, asking no thread anything', () => {
    const r = rig();
    const trainer = running(r);
    const waiting = queued(r);
    expect(refusal(() => r.runner.pause(waiting)).code).toBe('job_not_pausable');
    expect(refusal(() => r.runner.resume(trainer)).code).toBe('job_not_resumable');
    expect(r.thread(trainer).posted).toEqual([]);
    expect(r.saved(waiting).job.status).toBe('queued');
  });

  it('lets a parked trainer go to a job waiting for it; the paused job resumes behind it from its snapshot', () => {
    const r = rig();
    const first = paused(r);
    const parked = r.thread(first);
    const second = queued(r);
    expect(parked.terminated).toBe(true);
    expect(r.thread(second).input.mode).toBe('train');
    expect(r.saved(first).job.status).toBe('paused');

    r.runner.resume(first);
    expect(r.saved(first).job.status).toBe('queued');
    expect(parked.posted).toEqual([{ type: 'pause' }]);
    expect(r.threadsOf(first)).toHaveLength(1);

    r.thread(second).say({ type: 'started', hyperparameters: HYPER, totalSteps: 8, step: 0 });
    r.thread(second).say({
      type: 'succeeded',
      dir: r.store.path('jobs', second, 'final'),
      trainedTokens: 96,
    });
    const again = r.thread(first);
    expect(again).not.toBe(parked);
    expect(again.input.resumeFrom).toBe(r.store.path('jobs', first, 'pause'));
    // The parked thread's exit arrives late, once the job has a new trainer: nothing fails.
    parked.exit(1);
    expect(r.saved(first).job.status).toBe('queued');
    again.say({ type: 'started', hyperparameters: HYPER, totalSteps: 8, step: 3 });
    expect(r.saved(first).job.status).toBe('running');
    expect(r.events(first).at(-1)).toBe('Fine-tuning job started again at step 3');
  });

  it('keeps a parked trainer while no job waits for it', () => {
    const r = rig();
    const first = paused(r);
    const second = r.job('validating_files');
    r.runner.admit(second);
    expect(r.thread(second).input.mode).toBe('validate');
    r.thread(second).say({
      type: 'invalid',
      param: 'training_file',
      code: 'invalid_file_format',
      message: 'bad',
    });
    expect(r.saved(second).job.status).toBe('failed');
    r.runner.pump();
    expect(r.thread(first).terminated).toBe(false);
    r.runner.resume(first);
    expect(r.saved(first).job.status).toBe('running');
    expect(r.threads).toHaveLength(2);
  });

  it('leaves a job paused when its parked thread ends; resumed, it trains again from the snapshot', () => {
    const r = rig();
    const id = paused(r);
    r.thread(id).exit(1);
    expect(r.saved(id).job.status).toBe('paused');
    expect(r.saved(id).job.error).toBeNull();
    r.runner.resume(id);
    expect(r.threadsOf(id)).toHaveLength(2);
    expect(r.thread(id).input.resumeFrom).toBe(r.store.path('jobs', id, 'pause'));
  });
});

describe('a trainer that fails', () => {
  it('stopping without a word fails its job; the next job takes the trainer', () => {
    const r = rig();
    const first = running(r);
    const second = queued(r);
    r.thread(first).exit(1);
    expect(r.saved(first).job).toMatchObject({
      status: 'failed',
      error: { code: 'server_error', message: 'Training stopped unexpectedly.', param: null },
    });
    expect(r.thread(second).input.mode).toBe('train');
  });

  it('stopping while its job pauses fails the job too', () => {
    const r = rig();
    const id = running(r);
    r.runner.pause(id);
    r.thread(id).exit(1);
    expect(r.saved(id).job.status).toBe('failed');
    expect(r.runner.busy()).toBe(false);
  });

  it('crashing fails its job with a server error, the details in the log only', () => {
    const r = rig();
    const first = running(r);
    const second = queued(r);
    r.thread(first).say({ type: 'crashed', message: `ENOENT: no such file, open '${r.store.root}/x'` });
    expect(r.saved(first).job.error).toEqual({ code: 'server_error', param: null, message: GENERIC_CRASH });
    expect(r.logged).toEqual([
      `error: job ${first}: training failed: ENOENT: no such file, open '${r.store.root}/x'`,
    ]);
    expect(r.thread(first).terminated).toBe(true);
    expect(r.thread(second).input.mode).toBe('train');
  });

  it('dying of an uncaught error fails its job the same way', () => {
    const r = rig();
    const id = running(r);
    r.thread(id).emit('error', new Error('worker out of memory'));
    expect(r.saved(id).job.error?.message).toBe(GENERIC_CRASH);
    expect(r.logged).toEqual([`error: job ${id}: training failed: worker out of memory`]);
  });

  it('finding a bad file as it trains fails the job naming the field', () => {
    const r = rig();
    const id = r.job('validating_files');
    r.runner.admit(id);
    const problem = {
      param: 'validation_file',
      code: 'invalid_file_format',
      message: 'Validation line 2 is empty.',
    };
    r.thread(id).say({ type: 'invalid', ...problem });
    expect(r.saved(id).job).toMatchObject({ status: 'failed', error: problem });
    expect(r.thread(id).terminated).toBe(true);
  });
});

describe('the queue', () => {
  it('trains the job that was running first, then the queued ones oldest first', () => {
    const r = rig();
    const older = r.job('queued');
    const wasRunning = r.job('running', (s) => {
      s.checkpoints = jobIn('running', 1).checkpoints;
    });
    const newer = r.job('queued');
    r.runner.recover();
    expect(r.threads).toHaveLength(1);
    expect(r.thread(wasRunning).input.resumeFrom).toBe(r.store.path('jobs', wasRunning, 'ckpt-step-10'));
    const order = [wasRunning, older, newer];
    for (const [i, id] of order.entries()) {
      expect(r.threads[i]?.input.jobDir).toBe(r.store.path('jobs', id));
      r.thread(id).say({ type: 'started', hyperparameters: HYPER, totalSteps: 8, step: 0 });
      r.thread(id).say({ type: 'succeeded', dir: r.store.path('jobs', id, 'final'), trainedTokens: 96 });
      expect(r.saved(id).job.status).toBe('succeeded');
    }
    expect(r.threads).toHaveLength(3);
  });

  it('after a restart, checks a new job’s files beside the job that was training, which keeps the trainer', () => {
    const r = rig();
    const wasRunning = r.job('running');
    const fresh = r.job('validating_files');
    const parked = r.job('paused');
    r.runner.recover();
    expect(r.thread(wasRunning).input.mode).toBe('train');
    expect(r.thread(fresh).input.mode).toBe('validate');
    expect(r.threadsOf(parked)).toEqual([]);
    expect(r.events(fresh)).toEqual([VALIDATING(r.training)]);
  });

  it('after a restart with nothing else to do, trains a job that was checking its files', () => {
    const r = rig();
    const fresh = r.job('validating_files');
    r.job('succeeded');
    r.runner.recover();
    expect(r.threads).toHaveLength(1);
    expect(r.thread(fresh).input.mode).toBe('train');
  });

  it('fails a job whose training file was deleted while it waited, and trains the next', () => {
    const r = rig();
    const gone = r.job('queued', (s) => {
      s.job.training_file = 'file-gone';
    });
    const next = r.job('queued');
    r.runner.recover();
    expect(r.threadsOf(gone)).toEqual([]);
    expect(r.saved(gone).job.error).toEqual({
      code: 'file_not_found',
      param: 'training_file',
      message:
        'The training file file-gone was deleted before the job could read it; upload it again and create a new job.',
    });
    expect(r.thread(next).input.mode).toBe('train');
  });

  it('fails a job whose validation file was deleted; one with its validation file trains', () => {
    const r = rig();
    const validation = r.files.create('valid.jsonl', 'fine-tune', Buffer.from(tinyData(4))).id;
    const gone = r.job('queued', (s) => {
      s.job.validation_file = 'file-gone';
    });
    const kept = r.job('queued', (s) => {
      s.job.validation_file = validation;
    });
    r.runner.recover();
    expect(r.saved(gone).job.error).toEqual({
      code: 'file_not_found',
      param: 'validation_file',
      message:
        'The validation file file-gone was deleted before the job could read it; upload it again and create a new job.',
    });
    expect(r.thread(kept).input.validationFileId).toBe(validation);
  });
});

describe('busy', () => {
  it('is busy while one job trains, beside jobs that ended or are paused', () => {
    const r = rig();
    r.job('succeeded');
    r.job('paused');
    expect(r.runner.busy()).toBe(false);
    running(r);
    r.job('cancelled');
    expect(r.runner.busy()).toBe(true);
  });
});

describe('close', () => {
  it('starts nothing for a job made while closing; the next start checks and trains it', async () => {
    const r = rig();
    await r.runner.close();
    const late = r.job('validating_files');
    r.runner.admit(late);
    expect(r.threads).toEqual([]);
    expect(r.events(late)).toEqual([]);
    r.book.flush();
    const threads: FakeThread[] = [];
    const book = new JobBook(r.store);
    const next = new JobRunner(book, r.files, r.store, {
      stepDelayMs: 0,
      log: () => undefined,
      startThread: (input) => {
        const thread = new FakeThread(input);
        threads.push(thread);
        return thread;
      },
    });
    runners.push(next);
    next.recover();
    expect(threads.map((t) => t.input.mode)).toEqual(['train']);
    expect(book.listEvents(late).map((e) => e.message)).toEqual([VALIDATING(r.training)]);
  });

  it('stops every thread and saves what was pending, leaving the statuses for the next start', async () => {
    const r = rig();
    const trainer = running(r);
    const checked = r.job('validating_files');
    r.runner.admit(checked);
    r.thread(trainer).say({
      type: 'metrics',
      metrics: { step: 1, train_loss: 1, train_mean_token_accuracy: 0 },
      totalSteps: 8,
    });
    expect(r.saved(trainer).rows).toEqual([]);
    r.thread(trainer).exitsOnTerminate = true;
    await r.runner.close();
    expect(r.thread(trainer).terminated).toBe(true);
    expect(r.thread(checked).terminated).toBe(true);
    expect(r.saved(trainer).rows).toHaveLength(1);
    // Its trainer ended because the server closes, not on its own: the job is not failed.
    expect(r.saved(trainer).job.status).toBe('running');
    expect(r.saved(checked).job.status).toBe('validating_files');
    r.job('queued');
    r.runner.pump();
    expect(r.threads).toHaveLength(2);
  });
});

describe('the real worker thread', () => {
  it('checks and trains a tiny job to success', async () => {
    const r = rig({ real: true });
    const id = r.job('validating_files');
    r.runner.admit(id);
    const deadline = Date.now() + 20_000;
    while (r.book.get(id)?.job.status !== 'succeeded') {
      const status = r.book.get(id)?.job.status;
      if (status === 'failed' || Date.now() > deadline) throw new Error(`job ended ${status}`);
      await new Promise((go) => setTimeout(go, 10));
    }
    const saved = r.saved(id);
    expect(saved.job.result_files).toHaveLength(1);
    expect(saved.rows.length).toBe(12);
    expect(r.events(id).slice(0, 3)).toEqual([VALIDATING(r.training), VALIDATED, 'Fine-tuning job started']);
  });
});
