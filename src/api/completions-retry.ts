import { NotFoundError } from 'openai';

/**
 * "Model not ready yet": a fine-tuned model can answer 404 for a few minutes after its job
 * succeeds. Requests to it wait and retry, counting the seconds down for whoever is watching.
 */
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

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}

/** Runs `open`, retrying a 404 after each delay with a per-second countdown. */
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
        await sleep(step, signal);
        remaining -= step;
      }
      retry?.onCountdown?.({ secondsLeft: 0, attempt: attempt + 1, attempts: delays.length });
      if (signal?.aborted) throw error;
    }
  }
}
