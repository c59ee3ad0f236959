/** What the route handlers share: the state books, the job runner and the model registry. */
import type { JobBook } from './jobs/job-book.js';
import type { JobRunner } from './jobs/runner.js';
import type { ModelRegistry } from './models.js';
import type { FileBook } from './state/files.js';
import type { Store } from './state/store.js';
import type { UploadBook } from './state/uploads.js';

export interface Services {
  readonly store: Store;
  readonly files: FileBook;
  readonly uploads: UploadBook;
  readonly book: JobBook;
  readonly runner: JobRunner;
  readonly models: ModelRegistry;
  /** Pause between the pieces of a streamed reply. */
  readonly streamDelayMs: number;
  /** Pause before each reply of `/completions` and `/chat/completions` (demos; 0 by default). */
  readonly replyDelayMs: number;
}
