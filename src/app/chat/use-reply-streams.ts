import { useCallback, useEffect, useRef, type Dispatch } from 'react';
import type OpenAI from 'openai';
import { streamText, type NotReadyRetry, type TextRequest } from '../../api/completions.js';
import { toAppError } from '../../api/errors.js';
import { isMissingModel, missingModelMessage } from '../../api/models.js';
import type { ChatAction, Slot } from './chat-state.js';

export interface StreamJob {
  readonly slot: Slot;
  readonly request: TextRequest;
  readonly notReady?: NotReadyRetry | undefined;
}

/** Tokens are gathered and handed to React at most this often (~30 redraws a second). */
export const FLUSH_MS = 33;

/**
 * Runs the replies of one exchange (one or two at once, in compare mode), batching streamed text
 * so Ink redraws at most ~30 times a second; `start` refuses (false) while replies are running.
 * `stop()` aborts them all, keeping what arrived; unmounting the tester aborts them too.
 */
export function useReplyStreams(
  client: OpenAI,
  dispatch: Dispatch<ChatAction>,
): { start(jobs: readonly StreamJob[]): boolean; stop(): void } {
  const controller = useRef<AbortController | null>(null);
  const running = useRef(false);
  const buffers = useRef(new Map<Slot, string>());
  const timer = useRef<ReturnType<typeof setInterval> | null>(null);

  const flush = useCallback(
    (slot?: Slot) => {
      for (const [key, text] of buffers.current) {
        if (text === '' || (slot !== undefined && key !== slot)) continue;
        buffers.current.set(key, '');
        dispatch({ type: 'delta', slot: key, text });
      }
    },
    [dispatch],
  );

  const stopTimer = useCallback(() => {
    if (timer.current) clearInterval(timer.current);
    timer.current = null;
  }, []);

  const run = useCallback(
    async (job: StreamJob, signal: AbortSignal) => {
      const { slot } = job;
      try {
        const notReady = job.notReady
          ? {
              ...job.notReady,
              onCountdown: ({ secondsLeft }: { secondsLeft: number }) =>
                dispatch({ type: 'countdown', slot, secondsLeft }),
            }
          : undefined;
        for await (const chunk of streamText(client, job.request, { signal, notReady })) {
          if (chunk.type === 'delta') {
            buffers.current.set(slot, (buffers.current.get(slot) ?? '') + chunk.text);
          } else {
            flush(slot);
            dispatch({ type: 'finish', slot, stopped: chunk.stopped });
          }
        }
      } catch (error) {
        flush(slot);
        // A model that is not warming up and 404s does not exist: say so, with the ids nearest to it.
        const message =
          !job.notReady && isMissingModel(error) && !signal.aborted
            ? await missingModelMessage(client, job.request.model, { signal })
            : toAppError(error, job.notReady ? 'model-after-success' : 'model').message;
        dispatch({ type: 'finish', slot, stopped: false, error: message });
      }
    },
    [client, dispatch, flush],
  );

  const start = useCallback(
    (jobs: readonly StreamJob[]) => {
      // One exchange at a time, even if a second Enter lands before React has re-rendered.
      if (running.current) return false;
      running.current = true;
      const ac = new AbortController();
      controller.current = ac;
      buffers.current = new Map(jobs.map((job) => [job.slot, '']));
      stopTimer();
      timer.current = setInterval(() => flush(), FLUSH_MS);
      void Promise.all(jobs.map((job) => run(job, ac.signal))).finally(() => {
        running.current = false;
        if (controller.current === ac) stopTimer();
      });
      return true;
    },
    [flush, run, stopTimer],
  );

  const stop = useCallback(() => controller.current?.abort(), []);

  useEffect(
    () => () => {
      controller.current?.abort();
      stopTimer();
    },
    [stopTimer],
  );

  return { start, stop };
}
