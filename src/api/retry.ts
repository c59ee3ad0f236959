import { APIError, NotFoundError } from 'openai';
import { isRetryable } from './errors.js';

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

/** Retries a request on rate limits, 5xx and network trouble, with backoff. */
export async function withRetries<T>(
  run: (attempt: number) => Promise<T>,
  options: { attempts: number; baseMs: number; signal?: AbortSignal | undefined },
): Promise<T> {
  for (let attempt = 0; ; attempt++) {
    try {
      return await run(attempt);
    } catch (error) {
      if (attempt + 1 >= options.attempts || options.signal?.aborted || !isRetryable(error)) {
        throw error;
      }
      await sleep(backoffMs(attempt, 10_000, options.baseMs), options.signal);
    }
  }
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

export interface ModelWarmupOptions {
  readonly signal?: AbortSignal;
  /** How long to keep trying (default 5 minutes). */
  readonly timeoutMs?: number;
  /** Time between attempts (default 10 s). */
  readonly intervalMs?: number;
  /** Called before each wait, for a "model not ready yet" line on screen. */
  readonly onWaiting?: (waitedMs: number) => void;
}

/**
 * Runs a request on a just-created fine-tuned model, retrying while it answers 404: a new model
 * can take a few minutes to become available after its job succeeds.
 */
export async function retryWhileModelWarms<T>(
  run: () => Promise<T>,
  options: ModelWarmupOptions = {},
): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5 * 60_000;
  const intervalMs = options.intervalMs ?? 10_000;
  const started = Date.now();
  for (;;) {
    try {
      return await run();
    } catch (error) {
      const waited = Date.now() - started;
      if (!(error instanceof NotFoundError) || waited + intervalMs > timeoutMs) throw error;
      options.onWaiting?.(waited);
      await sleep(intervalMs, options.signal);
    }
  }
}
