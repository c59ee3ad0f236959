/** What a worker is started with for a job: its files, snapshots and settings as absolute paths. */
import { join } from 'node:path';
import type { FileBook } from '../state/files.js';
import type { JobState } from '../state/records.js';
import type { Store } from '../state/store.js';
import type { JobBook } from './job-book.js';
import { isTunedName } from './names.js';
import type { WorkerInput } from './protocol.js';

export interface InputContext {
  readonly book: JobBook;
  readonly files: FileBook;
  readonly store: Store;
  readonly stepDelayMs: number;
}

export function workerInput(state: JobState, mode: WorkerInput['mode'], ctx: InputContext): WorkerInput {
  const { job } = state;
  return {
    mode,
    trainingFile: ctx.files.contentPath(job.training_file),
    trainingFileId: job.training_file,
    validationFile: job.validation_file ? ctx.files.contentPath(job.validation_file) : null,
    validationFileId: job.validation_file ?? null,
    jobDir: ctx.store.path('jobs', job.id),
    base: job.model,
    continueFrom: isTunedName(job.model) ? ctx.store.path(continuedModelDir(ctx.book, job.model)) : null,
    resumeFrom: state.resumeFrom ? ctx.store.path(state.resumeFrom) : null,
    requested: { ...state.requested },
    seed: job.seed,
    stepDelayMs: ctx.stepDelayMs,
    earlyStop: state.earlyStop,
    classification: state.legacy?.compute_classification_metrics
      ? {
          nClasses: state.legacy.classification_n_classes ?? 2,
          positiveClass: state.legacy.classification_positive_class,
          betas: state.legacy.classification_betas ?? [1],
        }
      : null,
  };
}

/** Snapshot directory of a fine-tuned model that serves as a base. */
export function continuedModelDir(book: JobBook, model: string): string {
  const owner = book.all().find((s) => s.job.fine_tuned_model === model);
  return owner ? join('jobs', owner.job.id, 'final') : '';
}
