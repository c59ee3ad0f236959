import type { Finding, FindingKind } from '../findings.js';
import { agree, plural, withThousands } from '../numbers.js';
import type { RowTracker } from './tracker.js';
import { CHAT_ERROR_IDS, type ChatErrorId, type ChatKind } from './validate.js';

/** What the findings builder reads; kept apart so the analyzer stays a streaming collector. */
export interface ChatCounters {
  readonly kind: ChatKind;
  readonly model: string;
  readonly limit: number;
  readonly lines: number;
  readonly valid: number;
  /** The system message the fix proposes, and how many valid examples already use it (0: none do). */
  readonly systemMessage: string;
  readonly systemMessageUses: number;
  readonly errors: ReadonlyMap<ChatErrorId, RowTracker>;
  readonly invalid: RowTracker;
  readonly unknownKeys: ReadonlySet<string>;
  readonly unknownRoles: ReadonlySet<string>;
  readonly duplicates: RowTracker;
  readonly noSystem: RowTracker;
  readonly noUser: RowTracker;
  readonly special: RowTracker;
  readonly specialFound: ReadonlySet<string>;
  readonly overLimit: RowTracker;
}

const FIX_ERRORS =
  'OpenAI rejects the whole file when a single line is malformed: correct these lines, or accept ' +
  '"remove-invalid-examples" to leave them out.';

/**
 * The messages of the fixes that name how many lines they change, by fix id: written again when the
 * fixes accepted before one change that number (core/prepare/sequence.ts).
 */
export function chatCountedMessage(
  id: string,
  n: number,
  c: { readonly limit: number; readonly model: string },
): string {
  switch (id) {
    case 'remove-invalid-examples':
      return `Remove the ${plural(n, 'line')} with format errors.`;
    case 'remove-duplicates':
      return `${plural(n, 'line')} ${agree(n, 'repeats', 'repeat')} an earlier line exactly.`;
    case 'remove-over-limit':
      return `${plural(n, 'example')} ${agree(n, 'exceeds', 'exceed')} the ${withThousands(c.limit)}-token limit per example of ${c.model}.`;
    case 'add-system-message':
      return `${plural(n, 'example')} ${agree(n, 'has', 'have')} no system message.`;
    default:
      return '';
  }
}

// Each message completes a sentence about one line or several: `{singular|plural}` verbs agree.
const ERROR_MESSAGES: Record<ChatErrorId, (c: ChatCounters) => string> = {
  'not-an-object': () => '{is|are} not a JSON object',
  'missing-messages': (c) =>
    c.kind === 'chat'
      ? '{has|have} no "messages" list, or an empty one'
      : '{has|have} no "input.messages" list, or an empty one',
  'message-missing-key': () => '{has|have} a message without "role" or "content"',
  'message-unknown-key': (c) =>
    `{has|have} a message key training does not accept (${[...c.unknownKeys].join(', ')})`,
  'unknown-role': (c) =>
    `{has|have} a role other than system, developer, user, assistant, tool or function (${[...c.unknownRoles].join(', ')})`,
  'missing-content': () => '{has|have} a message whose content is empty or not text',
  'bad-weight': () =>
    '{has|have} a "weight" that is not 0 or 1, or a weight on a message that is not the assistant\'s',
  'no-assistant-message': () => '{has|have} no assistant message, so there is nothing to learn',
  'bad-preference-output': () =>
    '{does|do} not have exactly one assistant message in "preferred_output" and in "non_preferred_output"',
};

function finding(id: string, kind: FindingKind, message: string, detail: string, t?: RowTracker): Finding {
  return {
    id,
    kind,
    message,
    detail,
    rows: t ? t.rows() : { count: 0, positions: [] },
    preview: t ? t.preview : [],
  };
}

/** Fills `{singular|plural}` choices of a template for a count. */
function agreeAll(n: number, text: string): string {
  return text.replace(/\{([^|}]*)\|([^}]*)\}/g, (_, one: string, many: string) => agree(n, one, many));
}

/** Turns the analyzer's counters into findings, errors first, then warnings and proposed fixes. */
export function buildChatFindings(c: ChatCounters): Finding[] {
  const out: Finding[] = [];
  const n = c.valid;
  out.push(
    finding(
      'example-count',
      'info',
      `${plural(c.lines, 'line')} of ${c.kind === 'chat' ? 'chat' : 'preference (DPO)'} data, ${withThousands(n)} valid.`,
      'A few hundred good examples usually beat thousands of careless ones; review a sample by hand.',
    ),
  );
  for (const id of CHAT_ERROR_IDS) {
    const t = c.errors.get(id);
    if (!t) continue;
    const where =
      t.count === 1
        ? `Line ${t.positions[0]}`
        : `${plural(t.count, 'line')} (first: ${t.positions.slice(0, 5).join(', ')})`;
    out.push(finding(id, 'error', `${where} ${agreeAll(t.count, ERROR_MESSAGES[id](c))}.`, FIX_ERRORS, t));
  }
  if (c.invalid.count > 0) {
    out.push(
      finding(
        'remove-invalid-examples',
        'optional',
        chatCountedMessage('remove-invalid-examples', c.invalid.count, c),
        'Keeps the valid examples so that a few bad lines do not block the whole file; the lines removed are exactly those with the format errors reported for this file.',
        c.invalid,
      ),
    );
  }
  if (n > 0 && n < 10) {
    out.push(
      finding(
        'too-few-examples',
        'info',
        `Only ${plural(n, 'valid example')}: OpenAI refuses to start a job with fewer than 10.`,
        'Add examples before creating a job; 50 to 100 good ones are a sensible start.',
      ),
    );
  } else if (n >= 10 && n < 50) {
    out.push(
      finding(
        'few-examples',
        'info',
        `Only ${plural(n, 'valid example')}: results usually improve clearly with at least 50.`,
        'Jobs run with 10 or more, but 50 to 100 well-chosen examples are the usual minimum for a visible effect.',
      ),
    );
  }
  if (c.duplicates.count > 0) {
    out.push(
      finding(
        'remove-duplicates',
        'optional',
        chatCountedMessage('remove-duplicates', c.duplicates.count, c),
        'Repeated examples are trained on more often than the others and cost tokens for nothing; the fix keeps the first copy.',
        c.duplicates,
      ),
    );
  }
  if (c.overLimit.count > 0) {
    out.push(
      finding(
        'remove-over-limit',
        'optional',
        chatCountedMessage('remove-over-limit', c.overLimit.count, c),
        'Training cuts such examples from the end, so the assistant replies they end with are lost; the fix removes them.',
        c.overLimit,
      ),
    );
  }
  if (c.noSystem.count > 0) {
    out.push(
      finding(
        'add-system-message',
        'optional',
        chatCountedMessage('add-system-message', c.noSystem.count, c),
        c.systemMessageUses > 0
          ? `A system message states the model's task, and the model answers best when it sees the one it was trained with. ${plural(c.systemMessageUses, 'example')} of ${withThousands(n)} already ${agree(c.systemMessageUses, 'uses', 'use')} the one proposed; the fix puts it first in these examples too (you can write another).`
          : "A system message states the model's task, and the model answers best when it sees the one it was trained with. The fix puts the one shown first in these examples (you can write another).",
        c.noSystem,
      ),
    );
  }
  if (c.noUser.count > 0) {
    out.push(
      finding(
        'no-user-message',
        'info',
        `${plural(c.noUser.count, 'example')} ${agreeAll(c.noUser.count, '{has|have}')} no user message.`,
        'Without a user turn the model learns replies with nothing to reply to; check that these examples are what you mean.',
        c.noUser,
      ),
    );
  }
  if (c.special.count > 0) {
    out.push(
      finding(
        'special-tokens',
        'info',
        `${plural(c.special.count, 'example')} ${agreeAll(c.special.count, '{contains|contain}')} special-token text (${[...c.specialFound].join(', ')}).`,
        'OpenAI rejects training files containing text like <|endoftext|>: edit or remove these examples before uploading.',
        c.special,
      ),
    );
  }
  return out;
}
