/**
 * The job lifecycle on the main thread: `validating_files → queued → running → succeeded | failed
 * | cancelled`, plus `pausing`/`paused`. One job trains at a time, in a worker thread; the runner
 * turns the worker's messages into job fields, events, checkpoints and the results file.
 */
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { invalid, jobNotFound } from '../http/errors.js';
import type { FileBook } from '../state/files.js';
import { nowSeconds } from '../state/ids.js';
import type { JobState } from '../state/records.js';
import type { Store } from '../state/store.js';
import type { JobBook } from './job-book.js';
import type { FromWorker, ToWorker, WorkerInput } from './protocol.js';
import { deletedMessage } from './messages.js';
import { recordProgress } from './progress.js';
import { recoverJobs } from './recover.js';
import { workerUrl } from './worker-url.js';

export interface RunnerOptions {
  readonly stepDelayMs: number;
  readonly log: (line: string) => void;
}

const ACTIVE = new Set(['validating_files', 'queued', 'running']);

export class JobRunner {
  private readonly workers = new Map<string, Worker>();
  private closed = false;

  constructor(
    private readonly book: JobBook,
    private readonly files: FileBook,
    private readonly store: Store,
    private readonly options: RunnerOptions,
  ) {}

  /** Picks up what the last process left: running jobs resume from their last checkpoint. */
  recover(): void {
    recoverJobs(this.book);
    this.pump();
  }

  cancel(id: string): void {
    const state = this.require(id);
    if (!ACTIVE.has(state.job.status) && state.job.status !== 'paused' && state.job.status !== 'pausing') {
      const done =
        state.job.status === 'cancelled' ? 'was already cancelled' : `has already ${state.job.status}`;
      throw invalid(`Job ${id} ${done} and cannot be cancelled.`, null, 'job_not_cancellable');
    }
    this.stopWorker(id);
    this.book.update(
      id,
      (s) => {
        s.job.status = 'cancelled';
        s.job.finished_at = nowSeconds();
        s.job.estimated_finish = null;
      },
      true,
    );
    this.book.event(id, 'Fine-tuning job cancelled');
    this.pump();
  }

  pause(id: string): void {
    const state = this.require(id);
    if (state.job.status !== 'running') {
      throw invalid(
        `Job ${id} is ${state.job.status}; only a running job can be paused.`,
        null,
        'job_not_pausable',
      );
    }
    this.book.update(id, (s) => (s.job.status = 'pausing'), true);
    this.book.event(id, 'Pausing fine-tuning job');
    this.workers.get(id)?.postMessage({ type: 'pause' } satisfies ToWorker);
  }

  resume(id: string): void {
    const state = this.require(id);
    if (state.job.status !== 'paused') {
      throw invalid(
        `Job ${id} is ${state.job.status}; only a paused job can be resumed.`,
        null,
        'job_not_resumable',
      );
    }
    this.book.update(id, (s) => (s.job.status = 'queued'), true);
    this.book.event(id, 'Fine-tuning job resumed');
    this.pump();
  }

  /** Stops the workers without touching job statuses, so the next start resumes them. */
  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.workers.values()].map((worker) => worker.terminate()));
    this.workers.clear();
    this.book.flush();
  }

  /** Whether another job holds the trainer, so `id` has to wait its turn. */
  waiting(id: string): boolean {
    return this.workers.size > 0 && !this.workers.has(id);
  }

  pump(): void {
    if (this.closed || this.workers.size > 0) return;
    const waiting = this.book
      .all()
      .filter((s) => ACTIVE.has(s.job.status))
      .reverse();
    const next = waiting.find((s) => s.job.status === 'running') ?? waiting[0];
    if (next) this.start(next);
  }

  private require(id: string): JobState {
    const state = this.book.get(id);
    if (!state) throw jobNotFound(id);
    return state;
  }

  private start(state: JobState): void {
    const { job } = state;
    // A file deleted while its job waited: an API error naming the file, never a path on this machine.
    const gone = this.deletedFile(job.training_file, job.validation_file);
    if (gone) return this.fail(job.id, 'file_not_found', gone.message, gone.param);
    if (job.status === 'validating_files')
      this.book.event(job.id, `Validating training file: ${job.training_file}`);
    const input: WorkerInput = {
      trainingFile: this.files.contentPath(job.training_file),
      trainingFileId: job.training_file,
      validationFile: job.validation_file ? this.files.contentPath(job.validation_file) : null,
      validationFileId: job.validation_file ?? null,
      jobDir: this.store.path('jobs', job.id),
      base: job.model,
      continueFrom: job.model.startsWith('ft:')
        ? this.store.path(continuedModelDir(this.book, job.model))
        : null,
      resumeFrom: state.resumeFrom ? this.store.path(state.resumeFrom) : null,
      requested: { ...state.requested },
      seed: job.seed,
      stepDelayMs: this.options.stepDelayMs,
    };
    const worker = new Worker(workerUrl(), { workerData: input });
    this.workers.set(job.id, worker);
    worker.on('message', (message: FromWorker) => this.onMessage(job.id, message));
    worker.on('error', (error) => this.onMessage(job.id, { type: 'crashed', message: error.message }));
    worker.on('exit', () => {
      if (this.workers.get(job.id) !== worker) return;
      this.workers.delete(job.id);
      const status = this.book.get(job.id)?.job.status;
      if (!this.closed && status && (ACTIVE.has(status) || status === 'pausing'))
        this.fail(job.id, 'server_error', 'Training stopped unexpectedly.', null);
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
    const worker = this.workers.get(id);
    this.workers.delete(id);
    void worker?.terminate();
  }

  private fail(id: string, code: string, message: string, param: string | null): void {
    this.stopWorker(id);
    this.book.update(
      id,
      (s) => {
        s.job.status = 'failed';
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

  private onMessage(id: string, message: FromWorker): void {
    const status = this.book.get(id)?.job.status;
    if (!status || status === 'cancelled' || status === 'failed') return;
    if (message.type === 'invalid') return this.fail(id, message.code, message.message, message.param);
    if (message.type === 'crashed') {
      // The details (a stack, a path on this machine) go to the server's log, not to the client.
      this.options.log(`error: job ${id}: training failed: ${message.message}`);
      return this.fail(
        id,
        'server_error',
        'Training failed because of an error in the local server (its log says more).',
        null,
      );
    }
    if (message.type === 'paused') {
      this.stopWorker(id);
      this.book.update(
        id,
        (s) => {
          s.job.status = 'paused';
          s.job.estimated_finish = null;
          s.resumeFrom = `jobs/${id}/pause`;
        },
        true,
      );
      this.book.event(id, `Fine-tuning job paused at step ${message.step}`);
      return this.pump();
    }
    recordProgress(this.book, this.files, id, message, (done) => {
      if (done) {
        this.stopWorker(id);
        this.pump();
      }
    });
  }
}

/** Snapshot directory of a fine-tuned model that serves as a base. */
export function continuedModelDir(book: JobBook, model: string): string {
  const owner = book.all().find((s) => s.job.fine_tuned_model === model);
  return owner ? join('jobs', owner.job.id, 'final') : '';
}
