import { checkLine, isRecord, type ChatKind, type Message } from './validate.js';

/** Optional fixes for chat and preference data, in the order they are applied. */
export const CHAT_FIX_IDS = [
  'remove-invalid-examples',
  'remove-duplicates',
  'remove-over-limit',
  'add-system-message',
] as const;
export type ChatFixId = (typeof CHAT_FIX_IDS)[number];

export const DEFAULT_SYSTEM_MESSAGE = 'You are a helpful assistant.';

/** What the analysis decided, carried to the second pass. */
export interface ChatFixContext {
  readonly kind: ChatKind;
  /** Later copies of an earlier line (the first copy is kept). */
  readonly duplicatePositions: ReadonlySet<number>;
  /** Examples over the model's per-example training limit. */
  readonly overLimitPositions: ReadonlySet<number>;
  /** The system message `add-system-message` puts first in examples that have none (the user may
   * write another: see `withSystemMessageOverride`). */
  readonly systemMessage: string;
  /** The system messages the valid examples use, most used first (a few at most). */
  readonly systemPrompts: ReadonlyArray<{ readonly text: string; readonly count: number }>;
  /** The model the limits are for, and its per-example token limit (for messages). */
  readonly model: string;
  readonly limit: number;
}

/** The context with the system message the user wrote, when they wrote one. */
export function withSystemMessageOverride(
  context: ChatFixContext,
  systemMessage: string | undefined,
): ChatFixContext {
  return systemMessage === undefined || systemMessage === context.systemMessage
    ? context
    : { ...context, systemMessage };
}

/** The first system (or developer) message's text, if it is plain text. */
export function systemText(messages: readonly Message[]): string | null {
  const first = messages.find((m) => m['role'] === 'system' || m['role'] === 'developer');
  const content = first?.['content'];
  return typeof content === 'string' ? content : null;
}

/** Whether an example already starts with instructions (`developer` is the newer name of `system`). */
export function hasSystemMessage(messages: readonly Message[]): boolean {
  return messages.some((m) => m['role'] === 'system' || m['role'] === 'developer');
}

/**
 * Applies the accepted fixes to one parsed line: the value to write, or null when the row is removed.
 * The input value is never mutated.
 */
export function applyChatFixes(
  value: unknown,
  position: number,
  accepted: ReadonlySet<string>,
  context: ChatFixContext,
): unknown {
  if (accepted.has('remove-invalid-examples') && checkLine(value, context.kind).errors.size > 0) return null;
  if (accepted.has('remove-duplicates') && context.duplicatePositions.has(position)) return null;
  if (accepted.has('remove-over-limit') && context.overLimitPositions.has(position)) return null;
  if (accepted.has('add-system-message'))
    return withSystemMessage(value, context.kind, context.systemMessage);
  return value;
}

/** The line with `{role: 'system', content}` put first in its conversation, if it has no system message. */
export function withSystemMessage(value: unknown, kind: ChatKind, content: string): unknown {
  if (!isRecord(value)) return value;
  const system = { role: 'system', content };
  if (kind === 'chat') {
    const messages = value['messages'];
    if (!Array.isArray(messages) || hasSystemMessage(messages.filter(isRecord))) return value;
    return { ...value, messages: [system, ...messages] };
  }
  const input = value['input'];
  if (
    !isRecord(input) ||
    !Array.isArray(input['messages']) ||
    hasSystemMessage(input['messages'].filter(isRecord))
  ) {
    return value;
  }
  return { ...value, input: { ...input, messages: [system, ...input['messages']] } };
}
