import type OpenAI from 'openai';
import { completeText, type NotReadyRetry, type TextRequest } from './completions.js';
import { completionPrompt, type QueryFormat } from './completions-format.js';
import type { EvalExample } from './eval-examples.js';
import { withRetries } from './retry.js';

/**
 * Runs a model over evaluation examples with bounded concurrency. Answers are deterministic
 * (temperature 0) so a score can be reproduced, and each request retries as retry.ts says.
 */
export interface EvalRunOptions {
  readonly model: string;
  readonly format: QueryFormat;
  readonly maxTokens: number;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  /** Told when a request waits before retrying (rate limit or server trouble). */
  readonly onBackoff?: (waitMs: number, attempt: number) => void;
  readonly notReady?: NotReadyRetry;
  /** First backoff pause; doubled each attempt. */
  readonly backoffBaseMs?: number;
  readonly attempts?: number;
}

/** The request an example becomes: the same one `eval` sends and a test can replay. */
export function evalRequest(
  example: EvalExample,
  model: string,
  format: QueryFormat,
  maxTokens: number,
): TextRequest {
  const common = { model, stop: format.stop, sampling: { temperature: 0, max_tokens: maxTokens } };
  if (example.endpoint === 'completions') {
    return { ...common, endpoint: 'completions', prompt: completionPrompt(example.prompt, format.separator) };
  }
  const hasSystem = example.messages.some((m) => m.role === 'system');
  const system =
    !hasSystem && format.systemPrompt ? [{ role: 'system' as const, content: format.systemPrompt }] : [];
  return { ...common, endpoint: 'chat', messages: [...system, ...example.messages] };
}

/** The model's answer for each example, in the examples' order. */
export async function runEval(
  client: OpenAI,
  examples: readonly EvalExample[],
  options: EvalRunOptions,
): Promise<string[]> {
  const answers: string[] = new Array<string>(examples.length).fill('');
  let next = 0;
  let done = 0;
  const worker = async (limit = Infinity) => {
    for (let n = 0; n < limit && next < examples.length && !options.signal?.aborted; n++) {
      const i = next++;
      const example = examples[i];
      if (!example) continue;
      const request = evalRequest(example, options.model, options.format, options.maxTokens);
      answers[i] = await withRetries(
        () =>
          completeText(client, request, {
            signal: options.signal,
            notReady: i === 0 ? options.notReady : undefined,
          }),
        {
          attempts: options.attempts ?? 6,
          baseMs: options.backoffBaseMs ?? 500,
          signal: options.signal,
          onWait: (wait, retry) => options.onBackoff?.(wait, retry),
        },
      );
      options.onProgress?.(++done, examples.length);
    }
  };
  // A model that may not be served yet is probed with the first example alone (waiting out its
  // 404s), so the other requests do not all fail at once.
  if (options.notReady) await worker(1);
  const width = Math.max(1, Math.min(options.concurrency ?? 4, examples.length));
  await Promise.all(Array.from({ length: width }, () => worker()));
  return answers;
}
