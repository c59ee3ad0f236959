import type { CountJob } from '../token-counter.js';
import { assistantTexts, messageOverhead, messageTexts, TOKENS_REPLY_PRIMING } from '../tokens.js';
import type { Message } from './validate.js';

/**
 * The token-count job of one valid example (its conversation and, for preference data, both outputs:
 * every message counted once), and an upper bound of its total: tokens ≤ UTF-8 bytes ≤ 3 × UTF-16
 * units, so an example whose bound is within the limit cannot exceed it.
 */
export function chatCountJob(
  position: number,
  messages: readonly Message[],
  outputs: readonly Message[],
): { job: CountJob; bound: number } {
  const texts: string[] = [];
  const assistant: string[] = [];
  let overhead = TOKENS_REPLY_PRIMING;
  let chars = 0;
  for (const m of [...messages, ...outputs]) {
    overhead += messageOverhead(m);
    // An assistant message's role and name count in the total only; its other texts are also the
    // assistant tokens. Together they are exactly messageTexts(m), which countChatTokens reads.
    const rest = m['role'] === 'assistant' ? roleAndName(m) : messageTexts(m);
    const own = assistantTexts(m);
    texts.push(...rest);
    assistant.push(...own);
    for (const t of rest) chars += t.length;
    for (const t of own) chars += t.length;
  }
  const count = messages.length + (outputs.length > 0 ? 1 : 0);
  return {
    job: { position, texts, assistantTexts: assistant, overhead, messages: count },
    bound: 3 * chars + overhead,
  };
}

function roleAndName(m: Message): string[] {
  return [m['role'], m['name']].filter((t): t is string => typeof t === 'string');
}
