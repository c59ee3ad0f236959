import { setMaxListeners } from 'node:events';
import { RateLimitError } from 'openai';
import type OpenAI from 'openai';
import { completeAnswer, type NotReadyRetry, type Usage } from '../api/completions.js';
import type { QueryFormat } from '../api/completions-format.js';
import type { EvalExample } from '../api/eval-examples.js';
import { evalRequest } from '../api/eval-run.js';
import { retryWaitMs, sleep } from '../api/retry.js';
import { isRetryable } from '../api/errors.js';
import type { InferencePrice } from '../core/prices.js';
import { claimMeta, openAppender, readAnswers, type AnswerLine, type AnswersMeta } from './answers-file.js';

/**
 * Runs a model over a list of inputs at temperature 0 with the job's separator and stop, writing
 * each answer to the answers file the moment it arrives. Resumable: inputs already answered in the
 * file are not asked again. Bounded concurrency; a 429 waits as long as its `retry-after` says.
 *
 * Stopping (the signal) asks nothing new and lets the requests in flight finish and be written, for
 * up to `drainMs`, so a quit never throws away an answer already paid for. A kill -9 loses at most
 * the answers in flight (`concurrency` of them), which the next run asks again: each input is in the
 * file exactly once.
 */
export interface RecordProgress {
  readonly done: number;
  readonly total: number;
  /** Answers already in the file when this run started. */
  readonly resumed: number;
  readonly promptTokens: number;
  readonly completionTokens: number;
  /** Dollars spent on every answer in the file; null when the model has no known price. */
  readonly costUsd: number | null;
  /** Milliseconds since this run started. */
  readonly elapsedMs: number;
  /** At this run's pace; null until it has one. */
  readonly etaSeconds: number | null;
  /** Set while a request waits to be retried (rate limit, server trouble). */
  readonly waiting: { readonly ms: number; readonly why: string } | null;
}

/**
 * The header of an answers file: the model asked and how (its format as sent, at temperature 0),
 * about which questions, since when. The golden set and the comparison write the same header.
 */
export function answersMeta(
  asked: { readonly model: string; readonly provider: string; readonly format: QueryFormat },
  questions: Pick<AnswersMeta, 'maxTokens' | 'source' | 'total'>,
): AnswersMeta {
  const { format } = asked;
  return {
    model: asked.model,
    provider: asked.provider,
    endpoint: format.endpoint,
    separator: format.separator,
    stop: [...format.stop],
    systemPrompt: format.systemPrompt,
    temperature: 0,
    ...questions,
    startedAt: new Date().toISOString(),
  };
}

export interface RecordInput {
  readonly client: OpenAI;
  readonly path: string;
  readonly meta: AnswersMeta;
  readonly examples: readonly EvalExample[];
  readonly format: QueryFormat;
  readonly concurrency?: number;
  readonly price?: InferencePrice | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RecordProgress) => void;
  /** Attempts per input before giving up on a retryable failure (default 8). */
  readonly attempts?: number;
  readonly backoffBaseMs?: number;
  /** How long requests in flight may finish after a stop (default 10 s). */
  readonly drainMs?: number;
  /** A just-trained model may 404 for a while: the first request waits it out. */
  readonly notReady?: NotReadyRetry;
}

export interface RecordResult {
  /** Every answer in the file, in input order (holes when stopped early). */
  readonly answers: ReadonlyMap<number, AnswerLine>;
  readonly stopped: boolean;
  readonly progress: RecordProgress;
}

function costOf(promptTokens: number, completionTokens: number, price: InferencePrice | null | undefined) {
  return price ? (promptTokens * price.input + completionTokens * price.output) / 1_000_000 : null;
}

function lineFor(i: number, example: EvalExample, answer: string, usage: Usage | null): AnswerLine {
  const input =
    example.endpoint === 'chat'
      ? { messages: example.messages.map((m) => ({ ...m })) }
      : { prompt: example.prompt };
  return {
    i,
    ...input,
    expected: example.expected,
    answer,
    usage: usage ? { prompt_tokens: usage.promptTokens, completion_tokens: usage.completionTokens } : null,
  };
}

export async function recordAnswers(input: RecordInput): Promise<RecordResult> {
  const { client, examples, format, meta } = input;
  await claimMeta(input.path, meta);
  const answers = await readAnswers(input.path, examples.length);
  const pending = examples.map((_, i) => i).filter((i) => !answers.has(i));
  const started = Date.now();
  const resumed = answers.size;
  let promptTokens = 0;
  let completionTokens = 0;
  for (const line of answers.values()) {
    promptTokens += line.usage?.prompt_tokens ?? 0;
    completionTokens += line.usage?.completion_tokens ?? 0;
  }
  let waiting: RecordProgress['waiting'] = null;
  const progress = (): RecordProgress => {
    const elapsedMs = Date.now() - started;
    const fresh = answers.size - resumed;
    const left = examples.length - answers.size;
    return {
      done: answers.size,
      total: examples.length,
      resumed,
      promptTokens,
      completionTokens,
      costUsd: costOf(promptTokens, completionTokens, input.price),
      elapsedMs,
      etaSeconds: fresh === 0 || elapsedMs === 0 ? null : Math.round((left * elapsedMs) / fresh / 1000),
      waiting,
    };
  };
  const signal = input.signal;
  // Requests in flight outlive a stop by up to `drainMs`; a failure elsewhere ends them at once.
  const inflight = new AbortController();
  // One listener per request in flight (see `ask`), and the drain timer's: more than Node's default.
  setMaxListeners(0, inflight.signal);
  let drainTimer: NodeJS.Timeout | undefined;
  const onStop = () => {
    drainTimer = setTimeout(() => inflight.abort(), input.drainMs ?? 10_000);
  };
  signal?.addEventListener('abort', onStop, { once: true });
  const appender = openAppender(input.path);
  let failure: unknown = null;
  let next = 0;
  const attempts = input.attempts ?? 8;

  const ask = async (i: number, example: EvalExample, probe: boolean): Promise<void> => {
    const request = evalRequest(example, meta.model, format, meta.maxTokens);
    for (let attempt = 1; ; attempt++) {
      // The SDK never removes the abort listener it adds per request: each request gets its own
      // short-lived signal, or thousands of listeners pile up on one (and adding one scans them all).
      const child = new AbortController();
      const forward = () => child.abort();
      inflight.signal.addEventListener('abort', forward, { once: true });
      try {
        const reply = await completeAnswer(client, request, {
          signal: child.signal,
          maxRetries: 0,
          notReady: probe ? input.notReady : undefined,
        }).finally(() => inflight.signal.removeEventListener('abort', forward));
        waiting = null;
        promptTokens += reply.usage?.promptTokens ?? 0;
        completionTokens += reply.usage?.completionTokens ?? 0;
        const line = lineFor(i, example, reply.text, reply.usage);
        answers.set(i, line);
        appender.append(line);
        input.onProgress?.(progress());
        return;
      } catch (error) {
        if (!isRetryable(error) || attempt >= attempts || signal?.aborted || failure !== null) throw error;
        const ms = retryWaitMs(error, attempt - 1, { baseMs: input.backoffBaseMs ?? 500 });
        waiting = { ms, why: error instanceof RateLimitError ? 'rate limited' : 'the service had trouble' };
        input.onProgress?.(progress());
        // A stop during the wait ends it: this input was not answered, so it is asked next run.
        await sleep(ms, signal).catch(() => undefined);
        if (signal?.aborted) return;
      }
    }
  };

  const worker = async (limit = Infinity): Promise<void> => {
    for (let n = 0; n < limit && failure === null && !signal?.aborted && next < pending.length; n++) {
      const i = pending[next++] ?? 0;
      const example = examples[i];
      if (example === undefined) continue;
      try {
        await ask(i, example, limit === 1);
      } catch (error) {
        if (inflight.signal.aborted && signal?.aborted) return;
        failure ??= error;
      }
    }
  };

  try {
    input.onProgress?.(progress());
    // A model that may not be served yet is probed alone, so the others do not all wait on it.
    if (input.notReady && pending.length > 0) await worker(1);
    const width = Math.max(1, Math.min(input.concurrency ?? 4, pending.length));
    await Promise.all(Array.from({ length: width }, () => worker()));
  } finally {
    clearTimeout(drainTimer);
    signal?.removeEventListener('abort', onStop);
    appender.close();
  }
  if (failure !== null) throw failure;
  return { answers, stopped: answers.size < examples.length, progress: progress() };
}
