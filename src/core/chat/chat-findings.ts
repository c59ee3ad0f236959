import type { Finding, FindingKind } from '../findings.js';
import type { RowTracker } from './tracker.js';
import { CHAT_ERROR_IDS, type ChatErrorId, type ChatKind } from './validate.js';

/** What the findings builder reads; kept apart so the analyzer stays a streaming collector. */
export interface ChatCounters {
  readonly kind: ChatKind;
  readonly model: string;
  readonly limit: number;
  readonly lines: number;
  readonly valid: number;
  readonly systemMessage: string;
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

function agree(n: number, text: string): string {
  return text.replace(/\{([^|}]*)\|([^}]*)\}/g, (_, one: string, many: string) => (n === 1 ? one : many));
}

function lines(n: number, what: string): string {
  return n === 1 ? `1 ${what}` : `${n.toLocaleString('en-US')} ${what}s`;
}

/** Turns the analyzer's counters into findings, errors first, then warnings and proposed fixes. */
export function buildChatFindings(c: ChatCounters): Finding[] {
  const out: Finding[] = [];
  const n = c.valid;
  out.push(
    finding(
      'example-count',
      'info',
      `${lines(c.lines, 'line')} of ${c.kind === 'chat' ? 'chat' : 'preference (DPO)'} data, ${n.toLocaleString('en-US')} valid.`,
      'A few hundred good examples usually beat thousands of careless ones; review a sample by hand.',
    ),
  );
  for (const id of CHAT_ERROR_IDS) {
    const t = c.errors.get(id);
    if (!t) continue;
    const where =
      t.count === 1
        ? `Line ${t.positions[0]}`
        : `${lines(t.count, 'line')} (first: ${t.positions.slice(0, 5).join(', ')})`;
    out.push(finding(id, 'error', `${where} ${agree(t.count, ERROR_MESSAGES[id](c))}.`, FIX_ERRORS, t));
  }
  if (c.invalid.count > 0) {
    out.push(
      finding(
        'remove-invalid-examples',
        'optional',
        `Remove the ${lines(c.invalid.count, 'line')} with format errors.`,
        'Keeps the valid examples so that a few bad lines do not block the whole file; the dropped lines are listed above.',
        c.invalid,
      ),
    );
  }
  if (n > 0 && n < 10) {
    out.push(
      finding(
        'too-few-examples',
        'info',
        `Only ${lines(n, 'valid example')}: OpenAI refuses to start a job with fewer than 10.`,
        'Add examples before creating a job; 50 to 100 good ones are a sensible start.',
      ),
    );
  } else if (n >= 10 && n < 50) {
    out.push(
      finding(
        'few-examples',
        'info',
        `Only ${lines(n, 'valid example')}: results usually improve clearly with at least 50.`,
        'Jobs run with 10 or more, but 50 to 100 well-chosen examples are the usual minimum for a visible effect.',
      ),
    );
  }
  if (c.duplicates.count > 0) {
    out.push(
      finding(
        'remove-duplicates',
        'optional',
        `${lines(c.duplicates.count, 'line')} ${agree(c.duplicates.count, '{repeats|repeat}')} an earlier line exactly.`,
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
        `${lines(c.overLimit.count, 'example')} ${agree(c.overLimit.count, '{exceeds|exceed}')} the ${c.limit.toLocaleString('en-US')}-token limit per example of ${c.model}.`,
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
        `${lines(c.noSystem.count, 'example')} ${agree(c.noSystem.count, '{has|have}')} no system message.`,
        `A system message states the model's task; use the same one when you call the fine-tuned model. The fix adds "${c.systemMessage}" (you can write your own) at the start of these examples.`,
        c.noSystem,
      ),
    );
  }
  if (c.noUser.count > 0) {
    out.push(
      finding(
        'no-user-message',
        'info',
        `${lines(c.noUser.count, 'example')} ${agree(c.noUser.count, '{has|have}')} no user message.`,
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
        `${lines(c.special.count, 'example')} ${agree(c.special.count, '{contains|contain}')} special-token text (${[...c.specialFound].join(', ')}).`,
        'OpenAI rejects training files containing text like <|endoftext|>: edit or remove these examples before uploading.',
        c.special,
      ),
    );
  }
  return out;
}
