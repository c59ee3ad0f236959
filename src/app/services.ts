import type { Engine } from './engine.js';
import type { ReviewProgress, ReviewSession } from '../store/review-sessions.js';

/** Saved review decisions, per input file (see src/store/review-sessions.ts). */
export interface SessionStore {
  readonly load: (path: string) => Promise<ReviewSession | null>;
  readonly save: (path: string, progress: ReviewProgress) => Promise<void>;
  readonly clear: (path: string) => Promise<void>;
}

/** Everything the wizard reaches outside itself; tests pass fakes or temp-dir-bound stores. */
export interface Services {
  readonly engine: Engine;
  readonly sessions: SessionStore;
  /** Where relative paths typed in the path field are resolved. */
  readonly cwd: string;
}
