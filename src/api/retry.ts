import { APIError, NotFoundError } from 'openai';
import { isRetryable } from './errors.js';

/**
 * The one retry policy of every request fine-tune makes (uploads, follow, eval, rescue's golden set,
 * the chat tester), beside the SDK's own `maxRetries`:
 * - retried: 408, 409, 429 (not `insufficient_quota`), 5xx and network trouble (`isRetryable`,
 *   from errors.ts, which classifies every failure once); never another 4xx;
 * - the wait: what the service asks for (`retry-after-ms`, `retry-after`, capped at a minute), else
 *   exponential backoff with jitter, capped;
 * - a bound: a number of attempts (follow bounds by time instead, `--give-up-after`);
 * - progress: `onWait` hears each wait before it starts, for whoever watches;
 * - "model not ready": a 404 from a fine-tune its job has just created, retried on a schedule with a
 *   countdown (`withNotReadyRetry`), and only when the caller says the model is that new.
 */

/** Waits `ms`, or rejects at once when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason instanceof Error ? signal.reason : new Error('aborted'));
      return;
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Exponential backoff with jitter, capped: 0.5 s, 1 s, 2 s, … up to `capMs`. */
export function backoffMs(attempt: number, capMs = 30_000, baseMs = 500): number {
  const exp = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(exp / 2 + (Math.random() * exp) / 2);
}

/** The wait a 429/503 asks for (`retry-after-ms` or `retry-after` in seconds), capped at a minute. */
export function retryAfterMs(error: unknown): number | null {
  if (!(error instanceof APIError) || !error.headers) return null;
  const ms = Number(error.headers.get('retry-after-ms'));
  if (Number.isFinite(ms) && ms > 0) return Math.min(ms, 60_000);
  const seconds = Number(error.headers.get('retry-after'));
  if (Number.isFinite(seconds) && seconds > 0) return Math.min(seconds * 1000, 60_000);
  return null;
}

export interface Backoff {
  /** The first wait (before jitter); doubled each attempt. */
  readonly baseMs: number;
  /** The longest wait (default 30 s). */
  readonly capMs?: number;
}

/** How long to wait before retry number `attempt` (0-based): the service's word first, else backoff. */
export function retryWaitMs(error: unknown, attempt: number, backoff: Backoff): number {
  return retryAfterMs(error) ?? backoffMs(attempt, backoff.capMs ?? 30_000, backoff.baseMs);
}

export interface RetryOptions extends Backoff {
  /** Tries in all, the first included. */
  readonly attempts: number;
  readonly signal?: AbortSignal | undefined;
  /** Told before each wait: how long, which retry (1-based) and why. */
  readonly onWait?: (waitMs: number, retry: number, error: unknown) => void;
}

/** Runs `run`, retrying what the policy retries, at most `attempts` times in all. */
export async function withRetries<T>(
  run: (attempt: number) => Promise<T>,
  options: RetryOptions,
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt + 1 >= options.attempts || options.signal?.aborted || !isRetryable(error)) throw error;
      const wait = retryWaitMs(error, attempt, { capMs: 10_000, ...options });
      options.onWait?.(wait, attempt + 1, error);
      await sleep(wait, options.signal);
    }
  }
}

/** A retry's countdown: seconds left of the wait, which retry, of how many. */
export interface Countdown {
  readonly secondsLeft: number;
  /** 1-based number of the retry being waited for. */
  readonly attempt: number;
  readonly attempts: number;
}

export interface NotReadyRetry {
  /** Pause before each retry; their count is the number of retries. */
  readonly delaysMs: readonly number[];
  /** Called each second of a wait (and once with 0 just before the retry). */
  readonly onCountdown?: (countdown: Countdown) => void;
}

/** About two and a half minutes in all: OpenAI says a new model may 404 "for a few minutes". */
export const DEFAULT_NOT_READY_DELAYS: readonly number[] = [
  3_000, 5_000, 10_000, 15_000, 30_000, 30_000, 60_000,
];

/**
 * Runs `open`, retrying a 404 after each delay with a per-second countdown: a fine-tuned model can
 * answer 404 for a few minutes after its job succeeds. Callers pass `retry` only for that model.
 */
export async function withNotReadyRetry<T>(
  open: () => Promise<T>,
  retry: NotReadyRetry | undefined,
  signal?: AbortSignal,
): Promise<T> {
  const delays = retry?.delaysMs ?? [];
  for (let attempt = 0; ; attempt++) {
    try {
      return await open();
    } catch (error) {
      const delay = delays[attempt];
      if (!(error instanceof NotFoundError) || delay === undefined || signal?.aborted) throw error;
      // Count down whole seconds (the last tick may be shorter) so a screen can show the wait.
      let remaining = delay;
      while (remaining > 0 && !signal?.aborted) {
        const secondsLeft = Math.ceil(remaining / 1000);
        retry?.onCountdown?.({ secondsLeft, attempt: attempt + 1, attempts: delays.length });
        const step = remaining - (secondsLeft - 1) * 1000;
        await sleep(step, signal).catch(() => undefined);
        remaining -= step;
      }
      retry?.onCountdown?.({ secondsLeft: 0, attempt: attempt + 1, attempts: delays.length });
      if (signal?.aborted) throw error;
    }
  }
}
