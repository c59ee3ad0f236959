import type OpenAI from 'openai';
import { NotFoundError } from 'openai';
import { NotJsonAnswerError, toAppError, type AppError, type ErrorContext } from './errors.js';
import {
  isTerminalStatus,
  listCheckpoints,
  type FineTuningJob,
  type FineTuningJobCheckpoint,
  type FineTuningJobEvent,
} from './jobs.js';
import { retryWaitMs, sleep } from './retry.js';

export type FollowState =
  | { readonly state: 'connecting' }
  | { readonly state: 'live' }
  | {
      readonly state: 'reconnecting';
      readonly attempt: number;
      readonly retryInMs: number;
      readonly error: AppError;
      /** Since the last request that worked (or since following began). */
      readonly failingForMs: number;
    }
  | { readonly state: 'done'; readonly status: string };

export interface FollowOptions {
  /** Stops following (the job itself goes on). `followJob` then rejects with the abort reason. */
  readonly signal?: AbortSignal;
  /** Time between polls while the job runs (default 3 s). */
  readonly pollMs?: number;
  /** Events per page (default 100). */
  readonly pageSize?: number;
  /** First delay after a failed poll; doubles up to `maxBackoffMs` (defaults 1 s and 30 s). */
  readonly backoffBaseMs?: number;
  readonly maxBackoffMs?: number;
  /**
   * Stop (with `FollowGaveUpError`) once requests have failed without a break for this long; the job
   * itself goes on. Default: never (the wizard's panel keeps trying while the person watches).
   */
  readonly giveUpAfterMs?: number;
  /** Each event exactly once, oldest first: the history on attach, then live ones. */
  readonly onEvent?: (event: FineTuningJobEvent) => void;
  /** The job whenever something about it changed. */
  readonly onJob?: (job: FineTuningJob) => void;
  readonly onState?: (state: FollowState) => void;
  /** False: the provider has no checkpoints endpoint (its row says so); none are asked for. */
  readonly checkpoints?: boolean;
  /** Maps errors to words (pass `connection.explain` so keys are scrubbed). */
  readonly explain?: (error: unknown, context?: ErrorContext) => AppError;
}

type Request = { readonly maxRetries: number; readonly signal: AbortSignal };

export interface FollowResult {
  readonly job: FineTuningJob;
  readonly checkpoints: FineTuningJobCheckpoint[];
  readonly eventCount: number;
}

// Unexplained failures (e.g. a garbled body) are retried, but not forever.
const MAX_UNKNOWN_FAILURES = 10;

/** Following stopped after failing requests for longer than `giveUpAfterMs`; the job may go on. */
export class FollowGaveUpError extends Error {
  override readonly name = 'FollowGaveUpError';
  constructor(
    readonly jobId: string,
    readonly failingForMs: number,
    readonly attempts: number,
    readonly last: AppError,
  ) {
    super(`gave up following ${jobId} after ${attempts} failed requests`);
  }
}

/** A job as the API describes one: anything else (a web page, an empty body) is not an answer. */
function checkedJob(job: FineTuningJob): FineTuningJob {
  if (typeof job !== 'object' || job === null || typeof job.status !== 'string') {
    throw new NotJsonAnswerError('a job');
  }
  return job;
}

/**
 * Follows a job until it reaches a final status (there is no push channel: this polls the job
 * and the newest page of events, paging back with `after` until it meets an event it has seen).
 */
export async function followJob(
  client: OpenAI,
  jobId: string,
  options: FollowOptions = {},
): Promise<FollowResult> {
  const { signal } = options;
  const pollMs = options.pollMs ?? 3000;
  const pageSize = options.pageSize ?? 100;
  const explain = options.explain ?? ((e: unknown, c?: ErrorContext) => toAppError(e, c));
  const seen = new Set<string>();
  let lastJobJson = '';
  let failures = 0;
  let unknownFailures = 0;
  /** When the current run of failures began (the last success, or the start). */
  let failingSince = Date.now();
  let reconnecting = true;
  options.onState?.({ state: 'connecting' });

  // One walk from the newest page back to an event already delivered (or the very first one).
  // It survives failed requests: a retry continues from the last page that arrived, so a long
  // history is fetched even when a fifth of the requests fail.
  let walk: { fresh: FineTuningJobEvent[]; ids: Set<string>; after: string | undefined } | null = null;
  const nextPage = async (request: Request): Promise<FineTuningJobEvent[] | null> => {
    const current = (walk ??= { fresh: [], ids: new Set(), after: undefined });
    const page = await client.fineTuning.jobs.listEvents(
      jobId,
      { limit: pageSize, ...(current.after ? { after: current.after } : {}) },
      request,
    );
    let reachedSeen = false;
    for (const event of page.data) {
      if (seen.has(event.id)) reachedSeen = true;
      else if (!current.ids.has(event.id)) {
        current.ids.add(event.id);
        current.fresh.push(event);
      }
    }
    const last = page.data.at(-1);
    if (!reachedSeen && page.has_more && last) {
      current.after = last.id;
      return null;
    }
    walk = null;
    // The API lists newest first; ties in created_at keep the API's relative order.
    return current.fresh
      .map((event, index) => ({ event, index }))
      .sort((a, b) => a.event.created_at - b.event.created_at || b.index - a.index)
      .map(({ event }) => event);
  };

  const withBackoff = async <T>(run: (request: Request) => Promise<T>): Promise<T> => {
    for (;;) {
      signal?.throwIfAborted();
      // The SDK never removes the abort listener it adds per request: give each request its own
      // short-lived signal so a follow of many hours does not pile listeners onto the caller's.
      const child = new AbortController();
      const forward = () => child.abort(signal?.reason);
      signal?.addEventListener('abort', forward, { once: true });
      try {
        const value = await run({ maxRetries: 0, signal: child.signal });
        failures = 0;
        unknownFailures = 0;
        failingSince = Date.now();
        if (reconnecting) {
          reconnecting = false;
          options.onState?.({ state: 'live' });
        }
        return value;
      } catch (error) {
        if (signal?.aborted) throw signal.reason;
        const app = explain(error, 'job');
        if (app.kind === 'unknown') {
          if (++unknownFailures > MAX_UNKNOWN_FAILURES) throw error;
        } else if (!app.retryable) {
          throw error; // a rejected key, an unknown job, no quota: polling again cannot fix it
        }
        const failingForMs = Date.now() - failingSince;
        const giveUp = options.giveUpAfterMs;
        if (giveUp !== undefined && failingForMs >= giveUp) {
          throw new FollowGaveUpError(jobId, failingForMs, failures + 1, app);
        }
        const wait = retryWaitMs(error, failures, {
          baseMs: options.backoffBaseMs ?? 1000,
          capMs: options.maxBackoffMs ?? 30_000,
        });
        // The last wait ends when the time is up, so giving up is not late by a whole backoff.
        const retryInMs = giveUp === undefined ? wait : Math.max(0, Math.min(wait, giveUp - failingForMs));
        failures += 1;
        reconnecting = true;
        options.onState?.({ state: 'reconnecting', attempt: failures, retryInMs, error: app, failingForMs });
        await sleep(retryInMs, signal);
      } finally {
        signal?.removeEventListener('abort', forward);
      }
    }
  };

  for (;;) {
    // Job first, then events: once the job is final, the events read after it are complete.
    const job = await withBackoff(async (request) =>
      checkedJob(await client.fineTuning.jobs.retrieve(jobId, request)),
    );
    let events: FineTuningJobEvent[] | null = null;
    while (events === null) events = await withBackoff(nextPage);
    for (const event of events) {
      seen.add(event.id);
      options.onEvent?.(event);
    }
    const jobJson = JSON.stringify(job);
    if (jobJson !== lastJobJson) {
      lastJobJson = jobJson;
      options.onJob?.(job);
    }
    if (isTerminalStatus(job.status)) {
      // A service without the endpoint answers 404: the job is done all the same, with no checkpoints.
      const checkpoints =
        options.checkpoints === false
          ? []
          : await withBackoff((request) =>
              listCheckpoints(client, jobId, request).catch((error: unknown) => {
                if (error instanceof NotFoundError) return [];
                throw error;
              }),
            );
      options.onState?.({ state: 'done', status: job.status });
      return { job, checkpoints, eventCount: seen.size };
    }
    await sleep(pollMs, signal);
  }
}
