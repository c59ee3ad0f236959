import type { DataFormat } from '../findings.js';

/** Format error ids of chat and preference lines (docs/chat-format.md). */
export const CHAT_ERROR_IDS = [
  'not-an-object',
  'missing-messages',
  'message-missing-key',
  'message-unknown-key',
  'unknown-role',
  'missing-content',
  'bad-weight',
  'no-assistant-message',
  'bad-preference-output',
] as const;
export type ChatErrorId = (typeof CHAT_ERROR_IDS)[number];

export type ChatKind = 'chat' | 'preference';
export type Message = Readonly<Record<string, unknown>>;

const ALLOWED_KEYS = new Set([
  'role',
  'content',
  'name',
  'function_call',
  'tool_calls',
  'tool_call_id',
  'weight',
]);
const ROLES = new Set(['system', 'developer', 'user', 'assistant', 'tool', 'function']);

export interface LineCheck {
  /** Each error id at most once per line. */
  readonly errors: ReadonlySet<ChatErrorId>;
  /** Unknown keys and roles seen, for the finding's message. */
  readonly unknownKeys: readonly string[];
  readonly unknownRoles: readonly string[];
  /** The conversation (input messages) and, for preference data, the two outputs; valid only without errors. */
  readonly messages: readonly Message[];
  readonly outputs: readonly Message[];
}

export function isRecord(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Which kind of training data a parsed line looks like; anything unrecognised is prompt/completion. */
export function detectDataFormat(value: unknown): DataFormat {
  if (!isRecord(value)) return 'prompt-completion';
  if ('messages' in value) return 'chat';
  if ('preferred_output' in value || 'non_preferred_output' in value || isRecord(value['input'])) {
    return 'preference';
  }
  return 'prompt-completion';
}

/** The cookbook's format checks for one line, plus the preference-specific ones. */
export function checkLine(value: unknown, kind: ChatKind): LineCheck {
  const errors = new Set<ChatErrorId>();
  const unknownKeys: string[] = [];
  const unknownRoles: string[] = [];
  const result = (messages: readonly Message[] = [], outputs: readonly Message[] = []): LineCheck => ({
    errors,
    unknownKeys,
    unknownRoles,
    messages,
    outputs,
  });
  if (!isRecord(value)) {
    errors.add('not-an-object');
    return result();
  }
  const list =
    kind === 'chat' ? value['messages'] : isRecord(value['input']) ? value['input']['messages'] : undefined;
  if (!Array.isArray(list) || list.length === 0) {
    errors.add('missing-messages');
    return result();
  }
  const messages: Message[] = [];
  for (const m of list) {
    if (!isRecord(m)) errors.add('message-missing-key');
    else {
      messages.push(m);
      checkMessage(m, errors, unknownKeys, unknownRoles);
    }
  }
  const outputs: Message[] = [];
  if (kind === 'chat') {
    if (!messages.some((m) => m['role'] === 'assistant')) errors.add('no-assistant-message');
  } else {
    for (const key of ['preferred_output', 'non_preferred_output']) {
      const out = value[key];
      const only = Array.isArray(out) && out.length === 1 ? out[0] : undefined;
      if (!isRecord(only) || only['role'] !== 'assistant') {
        errors.add('bad-preference-output');
        continue;
      }
      outputs.push(only);
      checkMessage(only, errors, unknownKeys, unknownRoles);
    }
  }
  return result(messages, outputs);
}

function checkMessage(m: Message, errors: Set<ChatErrorId>, keys: string[], roles: string[]): void {
  const role = m['role'];
  const hasCall = role === 'assistant' && (m['tool_calls'] !== undefined || m['function_call'] !== undefined);
  if (!('role' in m) || (!('content' in m) && !hasCall)) errors.add('message-missing-key');
  for (const key of Object.keys(m)) {
    if (!ALLOWED_KEYS.has(key)) {
      errors.add('message-unknown-key');
      if (keys.length < 5 && !keys.includes(key)) keys.push(key);
    }
  }
  if ('role' in m && (typeof role !== 'string' || !ROLES.has(role))) {
    errors.add('unknown-role');
    const shown = String(JSON.stringify(role));
    if (roles.length < 5 && !roles.includes(shown)) roles.push(shown);
  }
  if ('content' in m && !hasCall && !isUsableContent(m['content'])) errors.add('missing-content');
  if ('weight' in m) {
    const w = m['weight'];
    if ((w !== 0 && w !== 1) || role !== 'assistant') errors.add('bad-weight');
  }
}

/** Non-empty text, or a non-empty list of content parts each with a `type` (text parts with text). */
function isUsableContent(content: unknown): boolean {
  if (typeof content === 'string') return content.length > 0;
  if (!Array.isArray(content) || content.length === 0) return false;
  return content.every(
    (part) =>
      isRecord(part) &&
      typeof part['type'] === 'string' &&
      (part['type'] !== 'text' || (typeof part['text'] === 'string' && part['text'].length > 0)),
  );
}
