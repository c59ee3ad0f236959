import { BadRequestError } from 'openai';
import type OpenAI from 'openai';
import {
  judgeUserMessage,
  parseVerdict,
  VERDICT_MAX_TOKENS,
  VERDICT_SCHEMA,
  verdictKey,
  type JudgeItem,
  type JudgedAnswer,
  type Verdict,
} from '../core/judge.js';
import { loadVerdict, saveVerdict } from '../store/judge-cache.js';
import { withRetries } from './retry.js';

/**
 * Asks a chat model for a verdict on each answer, with bounded concurrency and the one retry policy
 * (retry.ts). Cached verdicts are used as they are; fresh ones are cached once read.
 */
export interface JudgeOptions {
  readonly model: string;
  readonly rubric: string;
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (done: number, total: number) => void;
  readonly onBackoff?: (waitMs: number, attempt: number) => void;
  readonly backoffBaseMs?: number;
  readonly attempts?: number;
  readonly env?: NodeJS.ProcessEnv;
}

export interface JudgeRun {
  readonly answers: readonly JudgedAnswer[];
  /** Verdicts taken from the cache (no request sent). */
  readonly cached: number;
  /** Whether the provider took `response_format: json_schema` (else the rubric's words alone asked for JSON). */
  readonly structured: boolean;
}

/** Which items have no cached verdict yet: the ones the cost estimate counts. */
export async function uncachedItems(
  model: string,
  rubric: string,
  items: readonly JudgeItem[],
  env?: NodeJS.ProcessEnv,
): Promise<JudgeItem[]> {
  const found = await Promise.all(items.map((item) => loadVerdict(verdictKey(model, rubric, item), env)));
  return items.filter((_, i) => found[i] === null);
}

export async function judgeAnswers(
  client: OpenAI,
  items: readonly JudgeItem[],
  options: JudgeOptions,
): Promise<JudgeRun> {
  const verdicts: Verdict[] = new Array<Verdict>(items.length);
  let structured = true;
  let cached = 0;
  let next = 0;
  let done = 0;
  const ask = async (item: JudgeItem): Promise<Verdict> => {
    const messages = [
      { role: 'system' as const, content: options.rubric },
      { role: 'user' as const, content: judgeUserMessage(item) },
    ];
    const send = () =>
      client.chat.completions.create(
        {
          model: options.model,
          messages,
          temperature: 0,
          max_tokens: VERDICT_MAX_TOKENS,
          ...(structured
            ? { response_format: { type: 'json_schema' as const, json_schema: VERDICT_SCHEMA } }
            : {}),
        },
        { maxRetries: 0, ...(options.signal ? { signal: options.signal } : {}) },
      );
    const reply = await withRetries(
      async () => {
        try {
          return await send();
        } catch (error) {
          // A provider without structured outputs refuses the field with a 400: ask in words from now on
          // (https://platform.openai.com/docs/guides/structured-outputs lists the models that take it).
          if (
            !(error instanceof BadRequestError) ||
            !structured ||
            !/response_format|json_schema/iu.test(error.message)
          ) {
            throw error;
          }
          structured = false;
          return await send();
        }
      },
      {
        attempts: options.attempts ?? 6,
        baseMs: options.backoffBaseMs ?? 500,
        signal: options.signal,
        onWait: (wait, retry) => options.onBackoff?.(wait, retry),
      },
    );
    return parseVerdict(reply.choices[0]?.message.content ?? '');
  };
  const worker = async () => {
    while (next < items.length && !options.signal?.aborted) {
      const i = next++;
      const item = items[i];
      if (!item) continue;
      const key = verdictKey(options.model, options.rubric, item);
      const hit = await loadVerdict(key, options.env);
      if (hit) {
        cached++;
        verdicts[i] = hit;
      } else {
        const verdict = await ask(item);
        verdicts[i] = verdict;
        await saveVerdict(key, verdict, options.env);
      }
      options.onProgress?.(++done, items.length);
    }
  };
  const width = Math.max(1, Math.min(options.concurrency ?? 4, items.length));
  await Promise.all(Array.from({ length: width }, () => worker()));
  return {
    answers: items.map((item, index) => ({
      ...item,
      index,
      verdict: verdicts[index] ?? { ok: false, error: 'not judged', raw: '' },
    })),
    cached,
    structured,
  };
}
