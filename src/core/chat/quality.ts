import type { QualityCollector } from '../quality/collector.js';
import type { QualityPlan } from '../quality/findings.js';
import { isRecord, type Message } from './validate.js';

/**
 * A chat example as the quality checks see it (docs/quality-checks.md, "Chat data"): the conversation
 * before the last assistant message is the prompt, that message the answer. Only examples whose answer
 * is plain text are compared: a tool call or a list of content parts has no one text to compare.
 */
export interface ChatTurn {
  readonly prompt: string;
  readonly answer: string;
}

/** The index of the last assistant message whose content is a string, or -1. */
function lastAnswer(messages: readonly unknown[]): number {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (isRecord(m) && m['role'] === 'assistant') return typeof m['content'] === 'string' ? i : -1;
  }
  return -1;
}

function textOf(m: Message): string {
  const content = m['content'];
  return typeof content === 'string' ? content : JSON.stringify(content ?? null);
}

/** The prompt and answer of a chat line (null: not a chat line, or its last answer is not plain text). */
export function chatTurn(value: unknown): ChatTurn | null {
  if (!isRecord(value) || !Array.isArray(value['messages'])) return null;
  const messages: readonly unknown[] = value['messages'];
  const at = lastAnswer(messages);
  if (at < 0) return null;
  // One line per message, its role first: the same words in another role make another conversation.
  // Instructions go last: the checks compare a prompt's first words, and a long system message most
  // examples share would otherwise fill them and make every conversation look alike.
  const before = messages.slice(0, at).filter(isRecord);
  const instructions = (m: Message): boolean => m['role'] === 'system' || m['role'] === 'developer';
  const prompt = [...before.filter((m) => !instructions(m)), ...before.filter(instructions)]
    .map((m) => `${String(m['role'])}: ${textOf(m)}`)
    .join('\n');
  return { prompt, answer: textOf(messages[at] as Message) };
}

/** Hands a chat line to the quality checks' collector, when it has a plain-text answer. */
export function collectChatTurn(collector: QualityCollector, position: number, value: unknown): void {
  const turn = chatTurn(value);
  if (turn === null) return;
  collector.add(position, turn.prompt, 0, turn.prompt.length, turn.answer, 0, turn.answer.length);
}

/** The line with its last answer replaced (the conflicting-labels fix, or a choice in the review). */
export function withAnswer(value: unknown, answer: string): unknown {
  if (!isRecord(value) || !Array.isArray(value['messages'])) return value;
  const messages: readonly unknown[] = value['messages'];
  const at = lastAnswer(messages);
  if (at < 0) return value;
  const replaced = messages.map((m, i) => (i === at && isRecord(m) ? { ...m, content: answer } : m));
  return { ...value, messages: replaced };
}

/**
 * Source position → the answer to write: the conflict groups' most common answer when
 * `conflicting-labels` is accepted, then the review's choices, which win (null: none changes).
 */
export function chatAnswers(
  quality: QualityPlan | undefined,
  accepted: ReadonlySet<string>,
  chosen: ReadonlyMap<number, string> | undefined,
): Map<number, string> | null {
  const answers = new Map<number, string>();
  if (quality !== undefined && accepted.has('conflicting-labels'))
    for (const [p, a] of quality.conflicting) answers.set(p, a);
  for (const [p, a] of chosen ?? []) answers.set(p, a);
  return answers.size > 0 ? answers : null;
}
