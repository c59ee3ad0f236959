import { getEncoder, type EncodingName } from './encodings.js';

export type { EncodingName } from './encodings.js';

/**
 * The models fine-tune assumes when none is named: for token counts and cost estimates, and in the
 * suggested next command when the analysis names none. One home: prepare, the chat analyzer and the
 * wizard read them here.
 */
export const DEFAULT_CHAT_MODEL = 'gpt-4o-mini-2024-07-18';
export const DEFAULT_COMPLETION_MODEL = 'davinci-002';

/**
 * The encoding a model's tokenizer uses. gpt-4o, gpt-4.1, the o-series and anything newer use o200k;
 * gpt-3.5, gpt-4 (classic), babbage-002 and davinci-002 use cl100k. Fine-tunes (`ft:BASE:org::id`)
 * follow their base. Unknown and local models get o200k, the encoding of every current model.
 */
export function encodingForModel(model: string): EncodingName {
  const base = baseModel(model).toLowerCase();
  if (/^(gpt-3\.5|gpt-35|babbage-002|davinci-002|text-embedding-ada|gpt-4(-|$))/.test(base)) {
    return 'cl100k_base';
  }
  return 'o200k_base';
}

/** `ft:gpt-4o-mini-2024-07-18:org:suffix:id` → `gpt-4o-mini-2024-07-18`. */
export function baseModel(model: string): string {
  if (model.startsWith('ft:')) return model.slice(3).split(':')[0] ?? model;
  return model;
}

/** Tokens of a text; text that looks like a special token is counted as the plain text it is. */
export function countTextTokens(text: string, encoding: EncodingName): number {
  if (text === '') return 0;
  return getEncoder(encoding).count(text);
}

/**
 * Loads the model's tokenizer now (its rank table: a few milliseconds, once a process; the first run
 * after an install that could not build it builds it, about 0.4 s): for a thread with time to spare
 * before it counts (prepare's engine while the quality checks finish).
 */
export function loadTokenizer(model: string): void {
  getEncoder(encodingForModel(model));
}

/** The special-token texts (`<|endoftext|>` …) found in a text, which OpenAI rejects in training data. */
export function findSpecialTokens(text: string, encoding: EncodingName): string[] {
  if (!text.includes('<|')) return [];
  return getEncoder(encoding).specialTokens.filter((token) => text.includes(token));
}

/** The framing tokens the cookbook adds: 3 per message, 1 per name, 3 to prime the reply. */
export const TOKENS_PER_MESSAGE = 3;
export const TOKENS_PER_NAME = 1;
export const TOKENS_REPLY_PRIMING = 3;

/** A chat message as found in training data: only the fields that carry text are read. */
export type ChatMessageLike = Readonly<Record<string, unknown>>;

/**
 * The texts of one message that the model reads, as the cookbook encodes them: every string value
 * (role, content, name, tool_call_id), the text parts of structured content, and the names and
 * arguments of tool and function calls. `weight` and other non-text values carry no tokens.
 */
export function messageTexts(message: ChatMessageLike): string[] {
  const texts: string[] = [];
  for (const [key, value] of Object.entries(message)) {
    if (typeof value === 'string') texts.push(value);
    else if (key === 'content' && Array.isArray(value)) {
      for (const part of value) {
        if (isRecord(part) && typeof part['text'] === 'string') texts.push(part['text']);
      }
    } else if (key === 'function_call' && isRecord(value)) pushCall(texts, value);
    else if (key === 'tool_calls' && Array.isArray(value)) {
      for (const call of value)
        if (isRecord(call) && isRecord(call['function'])) pushCall(texts, call['function']);
    }
  }
  return texts;
}

/** Framing tokens of a message beyond its texts (3, plus 1 when it has a name). */
export function messageOverhead(message: ChatMessageLike): number {
  return TOKENS_PER_MESSAGE + (typeof message['name'] === 'string' ? TOKENS_PER_NAME : 0);
}

/** The cookbook estimate: Σ (3 + tokens of the message's texts + 1 if named) + 3. */
export function countChatTokens(messages: readonly ChatMessageLike[], encoding: EncodingName): number {
  let total = TOKENS_REPLY_PRIMING;
  for (const message of messages) {
    total += messageOverhead(message);
    for (const text of messageTexts(message)) total += countTextTokens(text, encoding);
  }
  return total;
}

/** Texts the model learns to produce: the content and calls of assistant messages. */
export function assistantTexts(message: ChatMessageLike): string[] {
  if (message['role'] !== 'assistant') return [];
  const { role: _role, name: _name, ...rest } = message;
  return messageTexts(rest);
}

/** Tokens of the assistant messages' content (the cookbook's "assistant tokens"). */
export function countAssistantTokens(messages: readonly ChatMessageLike[], encoding: EncodingName): number {
  let total = 0;
  for (const message of messages) {
    for (const text of assistantTexts(message)) total += countTextTokens(text, encoding);
  }
  return total;
}

/** Tokens of a prompt/completion example: tokens(prompt) + tokens(completion). */
export function countPromptCompletionTokens(
  example: { readonly prompt: string; readonly completion: string },
  encoding: EncodingName,
): number {
  return countTextTokens(example.prompt, encoding) + countTextTokens(example.completion, encoding);
}

function pushCall(texts: string[], call: Readonly<Record<string, unknown>>): void {
  if (typeof call['name'] === 'string') texts.push(call['name']);
  if (typeof call['arguments'] === 'string') texts.push(call['arguments']);
}

function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
