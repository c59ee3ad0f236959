import type OpenAI from 'openai';
import { stopList } from './completions-format.js';
import { NotJsonAnswerError } from './errors.js';
import { withNotReadyRetry, type NotReadyRetry } from './retry.js';

export { DEFAULT_NOT_READY_DELAYS, withNotReadyRetry, type Countdown, type NotReadyRetry } from './retry.js';

/**
 * One answer from either text endpoint, streamed as text deltas then a final `end` with usage.
 * `/completions` serves babbage-002, davinci-002 and models trained on prompt/completion data;
 * `/chat/completions` serves chat models. Aborting the signal ends the stream quietly with
 * `stopped: true`, keeping what arrived (Esc in the tester, Ctrl+C in `complete`).
 */

export interface Sampling {
  readonly temperature?: number;
  readonly top_p?: number;
  readonly max_tokens?: number;
  readonly frequency_penalty?: number;
  readonly presence_penalty?: number;
  readonly seed?: number;
}

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

interface Common {
  readonly model: string;
  readonly stop?: readonly string[] | undefined;
  readonly sampling?: Sampling | undefined;
}
export type TextRequest =
  | (Common & { readonly endpoint: 'completions'; readonly prompt: string })
  | (Common & { readonly endpoint: 'chat'; readonly messages: readonly ChatMessage[] });

export interface Usage {
  readonly promptTokens: number;
  readonly completionTokens: number;
}

export type StreamChunk =
  | { readonly type: 'delta'; readonly text: string }
  | {
      readonly type: 'end';
      readonly usage: Usage | null;
      readonly finishReason: string | null;
      readonly stopped: boolean;
    };

export interface StreamOptions {
  readonly signal?: AbortSignal | undefined;
  /** Retry a 404 (a fine-tuned model not served yet) instead of failing at once. */
  readonly notReady?: NotReadyRetry | undefined;
  /** The SDK's own retries for this request (its client default when absent). */
  readonly maxRetries?: number | undefined;
}

function body(request: TextRequest) {
  const stop = stopList(request.stop ?? []);
  return { model: request.model, ...(stop ? { stop } : {}), ...request.sampling };
}

function usageOf(raw: { prompt_tokens: number; completion_tokens: number } | null | undefined): Usage | null {
  return raw ? { promptTokens: raw.prompt_tokens, completionTokens: raw.completion_tokens } : null;
}

/** A streamed chunk or a whole reply must be an object with a `choices` list. */
function choicesOf<T extends { choices: unknown }>(value: T): T['choices'] {
  if (typeof value !== 'object' || value === null || !Array.isArray(value.choices)) {
    throw new NotJsonAnswerError('a completion');
  }
  return value.choices;
}

async function* chunks(
  client: OpenAI,
  request: TextRequest,
  signal: AbortSignal | undefined,
  retry: NotReadyRetry | undefined,
): AsyncGenerator<StreamChunk> {
  const options = signal ? { signal } : {};
  let usage: Usage | null = null;
  let finishReason: string | null = null;
  // A stream that ends without a single event was not an event stream (a web page, a JSON error body).
  let events = 0;
  if (request.endpoint === 'chat') {
    const stream = await withNotReadyRetry(
      () =>
        client.chat.completions.create(
          {
            ...body(request),
            messages: request.messages.map((m) => ({ role: m.role, content: m.content })),
            stream: true,
            stream_options: { include_usage: true },
          },
          options,
        ),
      retry,
      signal,
    );
    for await (const chunk of stream) {
      events++;
      const choice = choicesOf(chunk)[0];
      if (choice?.delta.content) yield { type: 'delta', text: choice.delta.content };
      finishReason = choice?.finish_reason ?? finishReason;
      usage = usageOf(chunk.usage) ?? usage;
    }
  } else {
    const stream = await withNotReadyRetry(
      () =>
        client.completions.create(
          { ...body(request), prompt: request.prompt, stream: true, stream_options: { include_usage: true } },
          options,
        ),
      retry,
      signal,
    );
    for await (const chunk of stream) {
      events++;
      const choice = choicesOf(chunk)[0];
      if (choice?.text) yield { type: 'delta', text: choice.text };
      finishReason = choice?.finish_reason ?? finishReason;
      usage = usageOf(chunk.usage) ?? usage;
    }
  }
  if (events === 0 && !signal?.aborted) throw new NotJsonAnswerError('a stream of completion events');
  yield { type: 'end', usage, finishReason, stopped: false };
}

/** Streams one answer; see the module comment. Errors other than an abort are thrown as the SDK's. */
export async function* streamText(
  client: OpenAI,
  request: TextRequest,
  options: StreamOptions = {},
): AsyncGenerator<StreamChunk> {
  const { signal } = options;
  try {
    for await (const chunk of chunks(client, request, signal, options.notReady)) {
      if (signal?.aborted) break;
      yield chunk;
    }
  } catch (error) {
    if (!signal?.aborted) throw error;
  }
  if (signal?.aborted) yield { type: 'end', usage: null, finishReason: null, stopped: true };
}

/** The whole answer at once (evaluation): no streaming, same request shape. */
export async function completeText(
  client: OpenAI,
  request: TextRequest,
  options: StreamOptions = {},
): Promise<string> {
  return (await completeAnswer(client, request, options)).text;
}

/** The whole answer with the tokens it cost (the golden set adds up its price as it goes). */
export async function completeAnswer(
  client: OpenAI,
  request: TextRequest,
  options: StreamOptions = {},
): Promise<{ readonly text: string; readonly usage: Usage | null }> {
  const opts = {
    ...(options.signal ? { signal: options.signal } : {}),
    ...(options.maxRetries !== undefined ? { maxRetries: options.maxRetries } : {}),
  };
  if (request.endpoint === 'chat') {
    const messages = request.messages.map((m) => ({ role: m.role, content: m.content }));
    const reply = await withNotReadyRetry(
      () => client.chat.completions.create({ ...body(request), messages }, opts),
      options.notReady,
      options.signal,
    );
    return { text: choicesOf(reply)[0]?.message.content ?? '', usage: usageOf(reply.usage) };
  }
  const reply = await withNotReadyRetry(
    () => client.completions.create({ ...body(request), prompt: request.prompt }, opts),
    options.notReady,
    options.signal,
  );
  return { text: choicesOf(reply)[0]?.text ?? '', usage: usageOf(reply.usage) };
}
