import { assertNever } from '../../core/errors.js';
import type { ChatMessage } from '../../api/completions.js';

/**
 * The chat tester's state: finished exchanges (rendered once, in <Static>), the exchange being
 * answered (one reply, or two side by side in compare mode), which panel owns the keyboard, and
 * the settings every request is built from.
 */
export type Slot = 'main' | 'base';
export type ReplyStatus = 'waiting' | 'streaming' | 'retrying' | 'done' | 'stopped' | 'failed';

export interface Reply {
  readonly slot: Slot;
  readonly model: string;
  /** Exactly what was sent: the completion prompt, or the conversation as "role: text" lines. */
  readonly sent: string;
  readonly text: string;
  readonly status: ReplyStatus;
  readonly countdown: number | null;
  readonly error: string | null;
}

export interface Exchange {
  readonly id: number;
  readonly user: string;
  readonly replies: readonly Reply[];
}

export interface Settings {
  readonly temperature: number;
  readonly topP: number;
  readonly maxTokens: number;
  readonly frequencyPenalty: number;
  readonly presencePenalty: number;
  readonly stop: readonly string[];
  /** Completion-format models: appended to each prompt. */
  readonly separator: string;
  /** Chat models: the system message (prefilled from training, editable). */
  readonly systemPrompt: string;
}

export type Panel = 'input' | 'settings' | 'models' | 'correct';

export interface ChatState {
  readonly model: string;
  readonly baseModel: string | null;
  readonly compare: boolean;
  readonly showPrompt: boolean;
  readonly panel: Panel;
  readonly settings: Settings;
  readonly exchanges: readonly Exchange[];
  readonly pending: Exchange | null;
  readonly notice: string | null;
  /** Rows in the corrections file beside the training data (null: no training data known). */
  readonly corrections: number | null;
}

export type ChatAction =
  | {
      readonly type: 'send';
      readonly user: string;
      readonly replies: readonly Pick<Reply, 'slot' | 'model' | 'sent'>[];
    }
  | { readonly type: 'delta'; readonly slot: Slot; readonly text: string }
  | { readonly type: 'countdown'; readonly slot: Slot; readonly secondsLeft: number }
  | { readonly type: 'finish'; readonly slot: Slot; readonly stopped: boolean; readonly error?: string }
  | { readonly type: 'set-model'; readonly model: string }
  | { readonly type: 'toggle-compare' }
  | { readonly type: 'toggle-prompt' }
  | { readonly type: 'panel'; readonly panel: Panel }
  | { readonly type: 'settings'; readonly settings: Settings }
  | { readonly type: 'notice'; readonly notice: string | null }
  | { readonly type: 'corrections'; readonly count: number; readonly notice?: string };

export function initialChatState(model: string, baseModel: string | null, settings: Settings): ChatState {
  return {
    model,
    baseModel,
    compare: false,
    showPrompt: false,
    panel: 'input',
    settings,
    exchanges: [],
    pending: null,
    notice: null,
    corrections: null,
  };
}

const FINISHED: ReadonlySet<ReplyStatus> = new Set(['done', 'stopped', 'failed']);

function updateReply(state: ChatState, slot: Slot, change: (reply: Reply) => Reply): ChatState {
  const pending = state.pending;
  if (!pending) return state;
  const replies = pending.replies.map((r) => (r.slot === slot ? change(r) : r));
  const exchange = { ...pending, replies };
  // Once every reply has finished, the exchange moves to the append-only transcript.
  if (replies.every((r) => FINISHED.has(r.status))) {
    return { ...state, pending: null, exchanges: [...state.exchanges, exchange] };
  }
  return { ...state, pending: exchange };
}

export function chatReducer(state: ChatState, action: ChatAction): ChatState {
  switch (action.type) {
    case 'send':
      if (state.pending) return state;
      return {
        ...state,
        notice: null,
        pending: {
          id: state.exchanges.length + 1,
          user: action.user,
          replies: action.replies.map((r) => ({
            ...r,
            text: '',
            status: 'waiting',
            countdown: null,
            error: null,
          })),
        },
      };
    case 'delta':
      return updateReply(state, action.slot, (r) => ({
        ...r,
        text: r.text + action.text,
        status: 'streaming',
        countdown: null,
      }));
    case 'countdown':
      return updateReply(state, action.slot, (r) => ({
        ...r,
        status: action.secondsLeft > 0 ? 'retrying' : 'waiting',
        countdown: action.secondsLeft > 0 ? action.secondsLeft : null,
      }));
    case 'finish':
      return updateReply(state, action.slot, (r) => ({
        ...r,
        status: action.error !== undefined ? 'failed' : action.stopped ? 'stopped' : 'done',
        countdown: null,
        error: action.error ?? null,
      }));
    case 'set-model':
      return { ...state, model: action.model, panel: 'input', notice: `now talking to ${action.model}` };
    case 'toggle-compare':
      if (state.baseModel === null) return { ...state, notice: 'compare needs a base model (none known)' };
      return { ...state, compare: !state.compare };
    case 'toggle-prompt':
      return { ...state, showPrompt: !state.showPrompt };
    case 'panel':
      return { ...state, panel: action.panel };
    case 'settings':
      return { ...state, settings: action.settings, panel: 'input', notice: 'settings updated' };
    case 'notice':
      return { ...state, notice: action.notice };
    case 'corrections':
      return {
        ...state,
        corrections: action.count,
        panel: 'input',
        notice: action.notice ?? state.notice,
      };
    default:
      return assertNever(action);
  }
}

/**
 * The conversation a chat model sees for `slot`: the system prompt, then earlier exchanges with
 * that slot's own answers (compare mode keeps two separate conversations), then the new message.
 */
export function conversation(state: ChatState, slot: Slot, user: string): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (state.settings.systemPrompt.trim() !== '') {
    messages.push({ role: 'system', content: state.settings.systemPrompt });
  }
  for (const exchange of state.exchanges) {
    const reply = exchange.replies.find((r) => r.slot === slot) ?? exchange.replies[0];
    if (!reply || reply.status === 'failed') continue;
    messages.push({ role: 'user', content: exchange.user }, { role: 'assistant', content: reply.text });
  }
  messages.push({ role: 'user', content: user });
  return messages;
}
