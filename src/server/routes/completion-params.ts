/** Request bodies of `/completions` and `/chat/completions`, and what they mean for decoding. */
import { z } from 'zod';
import { invalid, modelNotFound } from '../http/errors.js';
import type { Finish, GenerationOptions } from '../generation.js';
import type { ModelRegistry, Resolved } from '../models.js';

const common = {
  model: z.string(),
  max_tokens: z.number().int().min(0).nullable().optional(),
  temperature: z.number().min(0).max(2).nullable().optional(),
  top_p: z.number().min(0).max(1).nullable().optional(),
  n: z.number().int().min(1).max(16).nullable().optional(),
  stop: z
    .union([z.string(), z.array(z.string()).max(4)])
    .nullable()
    .optional(),
  stream: z.boolean().nullable().optional(),
  stream_options: z.object({ include_usage: z.boolean().optional() }).loose().nullable().optional(),
  seed: z.number().int().nullable().optional(),
};

export const CompletionBody = z
  .object({
    ...common,
    prompt: z.union([z.string(), z.array(z.string()).min(1)]),
    logprobs: z.number().int().min(0).max(5).nullable().optional(),
    echo: z.boolean().nullable().optional(),
  })
  .loose();
export type CompletionBody = z.infer<typeof CompletionBody>;

const Part = z.object({ type: z.string(), text: z.string().optional() }).loose();
export const ChatBody = z
  .object({
    ...common,
    max_completion_tokens: z.number().int().min(0).nullable().optional(),
    logprobs: z.boolean().nullable().optional(),
    top_logprobs: z.number().int().min(0).max(20).nullable().optional(),
    messages: z
      .array(
        z
          .object({ role: z.string(), content: z.union([z.string(), z.array(Part), z.null()]).optional() })
          .loose(),
      )
      .min(1),
  })
  .loose();
export type ChatBody = z.infer<typeof ChatBody>;

/** Chat turns have no default length limit; the model's end piece usually comes much earlier. */
const CHAT_MAX_TOKENS = 512;

export function chatContext(body: ChatBody): string {
  return body.messages
    .map((m) =>
      typeof m.content === 'string' ? m.content : (m.content ?? []).map((p) => p.text ?? '').join(''),
    )
    .join('\n');
}

/** How many alternatives a chat reply reports per piece, or undefined without `logprobs: true`. */
export function chatTopLogprobs(body: ChatBody): number | undefined {
  if (body.top_logprobs !== undefined && body.top_logprobs !== null && body.logprobs !== true) {
    throw invalid("'top_logprobs' is only allowed when 'logprobs' is true.", 'top_logprobs', 'invalid_value');
  }
  return body.logprobs === true ? (body.top_logprobs ?? 0) : undefined;
}

export function resolveModel(models: ModelRegistry, id: string): Resolved {
  const resolved = models.resolve(id);
  if (!resolved) throw modelNotFound(id);
  return resolved;
}

export function generationOptions(
  body: CompletionBody | ChatBody,
  defaultMax: number | undefined,
  chatMax?: number | null,
): GenerationOptions {
  if (body.stream_options && !body.stream) {
    throw invalid(
      "The 'stream_options' parameter is only allowed when 'stream' is enabled.",
      'stream_options',
      'invalid_value',
    );
  }
  const stop = body.stop ?? [];
  return {
    maxTokens: body.max_tokens ?? chatMax ?? defaultMax ?? CHAT_MAX_TOKENS,
    temperature: body.temperature ?? 1,
    topP: body.top_p ?? 1,
    seed: body.seed ?? undefined,
    stop: (typeof stop === 'string' ? [stop] : stop).filter((s) => s !== ''),
  };
}

export function usage(prompt: number, choices: readonly Finish[]): Record<string, number> {
  const completion = choices.reduce((sum, c) => sum + c.completionTokens, 0);
  return { prompt_tokens: prompt, completion_tokens: completion, total_tokens: prompt + completion };
}

/** FINE_TUNE_LOCAL_REPLY_MS: a pause before each reply, so a golden set is slow enough to watch. */
export function replyPause(ms: number): Promise<void> {
  return ms > 0 ? new Promise((resolve) => setTimeout(resolve, ms)) : Promise.resolve();
}
