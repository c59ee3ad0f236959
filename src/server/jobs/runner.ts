/**
 * The job lifecycle on the main thread: `validating_files → queued → running → succeeded | failed
 * | cancelled`, plus `pausing`/`paused`. A new job's files are checked at once, in a worker of
 * their own, so a job waiting behind another shows `queued` with its files known to be good (or
 * fails straight away). One job trains at a time, in a worker thread; the runner turns the
 * worker's messages into job fields, events, checkpoints and the results file.
 *
 * A paused job's worker stays parked with the model in memory, so `resume` goes on at once; it is
 * let go only when another job is queued for the trainer (the pause snapshot then serves).
 */
import { jobNotFound } from '../http/errors.js';
import type { FileBook } from '../state/files.js';
import { nowSeconds } from '../state/ids.js';
import type { JobState } from '../state/records.js';
import type { Store } from '../state/store.js';
import type { JobBook } from './job-book.js';
import { say } from './messages.js';
import type { Hyperparameters } from '../model/trainer.js';
import type { FromWorker, ToWorker, WorkerInput } from './protocol.js';
import { startWorkerThread, type JobThread, type StartThread } from './worker-thread.js';
import { workerInput, type InputContext } from './worker-input.js';
import { deletedMessage } from './messages.js';
import { recordProgress, restartPace } from './progress.js';
import { recoverJobs } from './recover.js';
import { canMove, isFinal, moveTo } from './states.js';

export interface RunnerOptions {
  readonly stepDelayMs: number;
  readonly log: (line: string) => void;
  /** How a worker thread is started (tests hand in a fake one): a real worker thread by default. */
  readonly startThread?: StartThread;
}

const ACTIVE = new Set(['validating_files', 'queued', 'running']);
/** Statuses that hold (or wait for) the trainer. */
const TRAINS = new Set(['queued', 'running', 'pausing']);

export class JobRunner {
  /** The trainer (at most one) and the file checks in progress, by job id. */
  private readonly workers = new Map<string, JobThread>();
  private readonly checks = new Map<string, JobThread>();
  private closed = false;

  constructor(
    private readonly book: JobBook,
    private readonly files: FileBook,
    private readonly store: Store,
    private readonly options: RunnerOptions,
  ) {}

  /** Picks up what the last process left: checks go on, running jobs resume from a checkpoint. */
  recover(): void {
    recoverJobs(this.book);
    // The trainer first: a job checking its files must not take it from one that was training.
    this.pump();
    for (const state of this.book.all())
      if (state.job.status === 'validating_files') this.admit(state.job.id);
  }

  /**
   * A new job: its files are checked now, whatever is training. With the trainer free, the
   * training worker checks them itself and goes on (one worker started, not two).
   */
  admit(id: string): void {
    const state = this.require(id);
    // Closed (the server is stopping): nothing more is started or written; the next start checks it.
    if (this.closed) return;
    const note = say(state).validating(state.job.training_file);
    if (note) this.book.event(id, note);
    if (this.workers.size === 0) return this.start(state);
    const worker = this.spawn(id, workerInput(state, 'validate', this.context()), this.checks, (message) => {
      if (message.type === 'validated') this.validated(id, message.hyperparameters);
      else if (message.type === 'invalid') this.fail(id, message.code, message.message, message.param);
      else if (message.type === 'crashed') this.crashed(id, 'checking the files', message.message);
    });
    worker.on('exit', () => {
      if (this.checks.get(id) === worker) this.checks.delete(id);
    });
  }

  private validated(id: string, hyperparameters: Hyperparameters): void {
    const state = this.book.get(id);
    if (state?.job.status !== 'validating_files') return;
    const ahead = this.book.all().filter((s) => s.job.id !== id && TRAINS.has(s.job.status)).length;
    // Known once the examples are counted, as the service shows them from the queue on.
    this.book.update(
      id,
      (s) => {
        moveTo(s.job, 'queued');
        s.job.hyperparameters = { ...hyperparameters };
        s.job.method.supervised.hyperparameters = { ...hyperparameters };
      },
      true,
    );
    for (const line of say(state).validated(ahead)) this.book.event(id, line);
    this.pump();
  }

  cancel(id: string): void {
    const state = this.require(id);
    this.book.update(
      id,
      (s) => {
        moveTo(s.job, 'cancelled', 'cancel');
        s.job.finished_at = nowSeconds();
        s.job.estimated_finish = null;
      },
      true,
    );
    // After the move: a refused cancel leaves the trainer alone.
    this.stopWorker(id);
    this.book.event(id, say(state).cancelled());
    this.pump();
  }

  pause(id: string): void {
    this.require(id);
    this.book.update(id, (s) => moveTo(s.job, 'pausing', 'pause'), true);
    this.book.event(id, 'Pausing fine-tuning job');
    this.workers.get(id)?.postMessage({ type: 'pause' } satisfies ToWorker);
  }

  resume(id: string): void {
    const state = this.require(id);
    const parked = this.workers.get(id);
    this.book.update(id, (s) => moveTo(s.job, parked ? 'running' : 'queued', 'resume'), true);
    this.book.event(id, 'Fine-tuning job resumed');
    if (parked) {
      restartPace(id, state.rows.at(-1)?.step ?? 0);
      parked.postMessage({ type: 'resume' } satisfies ToWorker);
    } else this.pump();
  }

  /** Stops the workers without touching job statuses, so the next start resumes them; starts none after. */
  async close(): Promise<void> {
    this.closed = true;
    const all = [...this.workers.values(), ...this.checks.values()];
    await Promise.all(all.map((worker) => worker.terminate()));
    this.workers.clear();
    this.checks.clear();
    this.book.flush();
  }

  /**
   * Whether a job is training, waiting its turn or pausing: the server is not idle then. A paused job's
   * parked worker does not count (a job may stay paused for days; it resumes after a restart too).
   */
  busy(): boolean {
    return this.book.all().some((s) => ACTIVE.has(s.job.status) || s.job.status === 'pausing');
  }

  pump(): void {
    if (this.closed) return;
    const waiting = this.book
      .all()
      .filter((s) => s.job.status === 'queued' || s.job.status === 'running')
      .reverse();
    const next = waiting.find((s) => s.job.status === 'running') ?? waiting[0];
    const [holder] = this.workers.keys();
    if (holder !== undefined) {
      // A parked worker gives way to a job that is waiting for the trainer.
      if (!next || this.book.get(holder)?.job.status !== 'paused') return;
      this.stopWorker(holder);
    }
    if (next) this.start(next);
  }

  private require(id: string): JobState {
    const state = this.book.get(id);
    if (!state) throw jobNotFound(id);
    return state;
  }

  private context(): InputContext {
    return { book: this.book, files: this.files, store: this.store, stepDelayMs: this.options.stepDelayMs };
  }

  private spawn(
    id: string,
    input: WorkerInput,
    into: Map<string, JobThread>,
    onMessage: (m: FromWorker) => void,
  ): JobThread {
    const worker = (this.options.startThread ?? startWorkerThread)(input);
    into.set(id, worker);
    worker.on('message', onMessage);
    worker.on('error', (error) => onMessage({ type: 'crashed', message: error.message }));
    return worker;
  }

  private start(state: JobState): void {
    const id = state.job.id;
    // A file deleted while its job waited: an API error naming the file, never a path on this machine.
    const gone = this.deletedFile(state.job.training_file, state.job.validation_file);
    if (gone) return this.fail(id, 'file_not_found', gone.message, gone.param);
    const worker = this.spawn(id, workerInput(state, 'train', this.context()), this.workers, (message) =>
      this.onMessage(id, message),
    );
    worker.on('exit', () => {
      if (this.workers.get(id) !== worker) return;
      this.workers.delete(id);
      const status = this.book.get(id)?.job.status;
      if (!this.closed && status && (ACTIVE.has(status) || status === 'pausing'))
        this.fail(id, 'server_error', 'Training stopped unexpectedly.', null);
      this.pump();
    });
  }

  private deletedFile(
    training: string,
    validation: string | null,
  ): { param: 'training_file' | 'validation_file'; message: string } | null {
    if (!this.files.get(training))
      return { param: 'training_file', message: deletedMessage('training', training) };
    if (validation && !this.files.get(validation)) {
      return { param: 'validation_file', message: deletedMessage('validation', validation) };
    }
    return null;
  }

  private stopWorker(id: string): void {
    for (const pool of [this.workers, this.checks]) {
      const worker = pool.get(id);
      pool.delete(id);
      void worker?.terminate();
    }
  }

  private fail(id: string, code: string, message: string, param: string | null): void {
    const status = this.book.get(id)?.job.status;
    // A job that has ended (a check or a trainer reporting after a cancel) stays as it ended.
    if (!status || !canMove(status, 'failed')) return;
    this.stopWorker(id);
    this.book.update(
      id,
      (s) => {
        moveTo(s.job, 'failed');
        s.job.error = { code, message, param };
        s.job.finished_at = nowSeconds();
        s.job.estimated_finish = null;
      },
      true,
    );
    this.book.event(id, message, { level: 'error' });
    this.book.flush();
    this.pump();
  }

  /** A thread that crashed: the details (a stack, a path on this machine) go to the server's log only. */
  private crashed(id: string, what: 'checking the files' | 'training', details: string): void {
    const status = this.book.get(id)?.job.status;
    // A thread's last words after its job ended (cancelled meanwhile) are no news.
    if (!status || isFinal(status)) return;
    this.options.log(`error: job ${id}: ${what} failed: ${details}`);
    const said = what === 'training' ? 'Training' : 'Checking the files';
    this.fail(
      id,
      'server_error',
      `${said} failed because of an error in the local server (its log says more).`,
      null,
    );
  }

  private onMessage(id: string, message: FromWorker): void {
    const status = this.book.get(id)?.job.status;
    // A trainer's last words after its job ended (cancelled meanwhile) change nothing.
    if (!status || isFinal(status)) return;
    if (message.type === 'validated') return this.validated(id, message.hyperparameters);
    if (message.type === 'invalid') return this.fail(id, message.code, message.message, message.param);
    if (message.type === 'crashed') return this.crashed(id, 'training', message.message);
    recordProgress(this.book, this.files, id, message, (done) => {
      if (done) this.stopWorker(id);
      this.pump();
    });
  }
}
