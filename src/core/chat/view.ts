import type { ExampleView } from '../findings.js';
import { jsonText } from '../read/values.js';
import { isRecord, type Message } from './validate.js';

const MAX_FIELD_CHARS = 400;

/** A person-readable view of a chat or preference line: one field per message, labelled by role. */
export function chatExampleView(value: unknown, rawLine: string): ExampleView {
  if (!isRecord(value)) return { fields: [{ label: 'line', text: clip(rawLine) }] };
  const list =
    'messages' in value
      ? value['messages']
      : isRecord(value['input'])
        ? value['input']['messages']
        : undefined;
  if (!Array.isArray(list)) return { fields: [{ label: 'line', text: clip(rawLine) }] };
  const fields = list.map((m: unknown) => messageField(m));
  for (const [key, label] of [
    ['preferred_output', 'preferred'],
    ['non_preferred_output', 'non-preferred'],
  ] as const) {
    const out = value[key];
    if (Array.isArray(out)) for (const m of out) fields.push({ ...messageField(m), label });
  }
  return { fields: fields.length > 0 ? fields : [{ label: 'line', text: clip(rawLine) }] };
}

function messageField(m: unknown): { label: string; text: string } {
  if (!isRecord(m)) return { label: '?', text: clip(jsonText(m)) };
  const label = typeof m['role'] === 'string' ? m['role'] : '?';
  return { label, text: clip(messageText(m)) };
}

function messageText(m: Message): string {
  const content = m['content'];
  const parts: string[] = [];
  if (typeof content === 'string') parts.push(content);
  else if (Array.isArray(content)) {
    for (const p of content) {
      if (isRecord(p)) parts.push(typeof p['text'] === 'string' ? p['text'] : `[${String(p['type'])}]`);
    }
  } else if (content !== undefined && content !== null) parts.push(jsonText(content));
  const calls = Array.isArray(m['tool_calls']) ? m['tool_calls'] : [];
  for (const call of [...calls, m['function_call']]) {
    const fn = isRecord(call) ? (isRecord(call['function']) ? call['function'] : call) : undefined;
    if (fn && typeof fn['name'] === 'string') parts.push(`→ ${fn['name']}(${String(fn['arguments'] ?? '')})`);
  }
  return parts.join('\n');
}

function clip(text: string): string {
  return text.length <= MAX_FIELD_CHARS ? text : `${text.slice(0, MAX_FIELD_CHARS)}…`;
}
