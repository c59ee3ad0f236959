import type { Connection } from '../api/connect.js';
import type { ProviderName } from '../api/providers/index.js';
import type { RescueSeams } from '../rescue/seams.js';
import type { PriceTable } from '../core/prices.js';
import type { ShutdownTable } from '../core/shutdowns.js';
import type { Delimiter } from '../core/read/detect-delimiter.js';
import type { Engine } from './engine.js';
import type { ReviewProgress, ReviewSession } from '../store/review-sessions.js';

/** Saved review decisions, per input file (see src/store/review-sessions.ts). */
export interface SessionStore {
  readonly load: (path: string) => Promise<ReviewSession | null>;
  readonly save: (path: string, progress: ReviewProgress) => Promise<void>;
  readonly clear: (path: string) => Promise<void>;
}

/** The provider, reached only from the model step on: the data steps work without one. */
export interface ProviderAccess {
  /**
   * Opens the connection on first call and returns the same one after (run.tsx closes it). A named
   * provider (a rescue retraining elsewhere, a job panel of that rescue) gets its own connection;
   * none named, or the wizard's own, is the wizard's connection.
   */
  readonly open: (provider?: ProviderName) => Promise<Connection>;
  /** Several keys are set and this folder has no choice yet: the providers to ask about first. */
  readonly ask?: readonly ProviderName[];
  /** Uses this provider from now on and remembers it for the folder (never a key). */
  readonly choose?: (provider: ProviderName) => Promise<void>;
  /** The provider the wizard will use, known before connecting (the data steps check its rules). */
  readonly current?: () => ProviderName;
}

/** Everything the wizard reaches outside itself; tests pass fakes or temp-dir-bound stores. */
export interface Services {
  readonly engine: Engine;
  /** CSV and TSV: the delimiter given on the command line (else each file's is detected). */
  readonly delimiter?: Delimiter;
  /** The user's price table, when they have one (the built-in table otherwise). */
  readonly prices?: PriceTable;
  /** The dated shutdown table with the user's rules over it (the built-in one otherwise). */
  readonly shutdowns?: ShutdownTable;
  /** One line when something the user owns stops training or answering within 60 days (the radar). */
  readonly banner?: string | null;
  /** Today as YYYY-MM-DD (FINE_TUNE_TODAY in tests and screenshots); the clock's day otherwise. */
  readonly today?: string;
  readonly sessions: SessionStore;
  /** Where relative paths typed in the path field are resolved. */
  readonly cwd: string;
  /** Absent: the model step says that no provider is available. */
  readonly provider?: ProviderAccess;
  /** The environment job records are saved under (FINE_TUNE_HOME); process.env by default. */
  readonly env?: NodeJS.ProcessEnv;
  /** Rings the terminal bell when a job reaches a final status. */
  readonly bell?: () => void;
  /** Time between polls of a running job (default: FINE_TUNE_POLL_MS, else 1 s; api/poll-interval.ts). */
  readonly pollMs?: number;
  /** A training seed for every job the wizard starts (screenshots use one: the same curves each run). */
  readonly seed?: number;
  /** Hides clock-dependent text (ETA) so screenshots are the same on every run. */
  readonly hideClock?: boolean;
  /** Dates and provider facts of the rescue path (today's sources by default; tests fix the date). */
  readonly rescueSeams?: RescueSeams;
}
