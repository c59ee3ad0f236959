/**
 * How a model must be queried to answer the way it was trained: which endpoint, what separator
 * ends the prompt, which stop sequence ends the answer, what system prompt opens a conversation.
 * The job record knows (prepare wrote the data that way); flags fill in for models it does not know.
 */

/** The fields of a job record (src/store/jobs.ts) that shape a query. */
export interface TrainingFormat {
  readonly dataFormat: 'prompt-completion' | 'chat' | 'preference' | null;
  readonly separator: string | null;
  readonly stop: string | null;
  readonly systemPrompt: string | null;
}

export type Endpoint = 'completions' | 'chat';

export interface QueryFormat {
  readonly endpoint: Endpoint;
  /** Appended to completion prompts that do not already end with it ('' for none). */
  readonly separator: string;
  readonly stop: readonly string[];
  /** Chat only: the system message sent first (null: none). */
  readonly systemPrompt: string | null;
}

export interface FormatFlags {
  readonly chat?: boolean | undefined;
  readonly separator?: string | undefined;
  readonly stop?: readonly string[] | undefined;
  readonly system?: string | undefined;
}

const COMPLETION_BASES = /^(ft:)?(babbage-002|davinci-002)(:|$)/;
const CHAT_BASES = /^(ft:)?(gpt-|o\d|chatgpt-)/;

/**
 * The endpoint for a model: flags first, then the record's data format, then the model name's
 * family; otherwise `fallback` (`complete` assumes a completion model, the chat tester a chat one).
 */
export function endpointFor(
  model: string,
  record: TrainingFormat | null,
  flags: FormatFlags,
  fallback: Endpoint,
): Endpoint {
  if (flags.chat === true) return 'chat';
  if (record?.dataFormat === 'chat' || record?.dataFormat === 'preference') return 'chat';
  if (record?.dataFormat === 'prompt-completion') return 'completions';
  if (COMPLETION_BASES.test(model)) return 'completions';
  if (CHAT_BASES.test(model)) return 'chat';
  return fallback;
}

/** Flags override the record field by field; a record's stop joins any `--stop` given. */
export function queryFormat(
  model: string,
  record: TrainingFormat | null,
  flags: FormatFlags = {},
  fallback: Endpoint = 'completions',
): QueryFormat {
  const endpoint = endpointFor(model, record, flags, fallback);
  const stop = flags.stop && flags.stop.length > 0 ? [...flags.stop] : record?.stop ? [record.stop] : [];
  return {
    endpoint,
    separator: endpoint === 'completions' ? (flags.separator ?? record?.separator ?? '') : '',
    stop,
    systemPrompt: endpoint === 'chat' ? (flags.system ?? record?.systemPrompt ?? null) : null,
  };
}

/** The exact prompt sent to `/completions`: the separator is added unless already there. */
export function completionPrompt(prompt: string, separator: string): string {
  return separator === '' || prompt.endsWith(separator) ? prompt : `${prompt}${separator}`;
}

/** The API takes at most 4 stop sequences; empty ones are meaningless. */
export function stopList(stop: readonly string[]): string[] | undefined {
  const kept = [...new Set(stop.filter((s) => s !== ''))].slice(0, 4);
  return kept.length > 0 ? kept : undefined;
}

/** Shows control characters so a separator like "\n\n###\n\n" is visible on one line. */
export function visible(text: string): string {
  return JSON.stringify(text).slice(1, -1);
}
