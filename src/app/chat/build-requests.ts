import { completionPrompt, type QueryFormat } from '../../api/completions-format.js';
import type { Sampling, TextRequest } from '../../api/completions.js';
import { conversation, type ChatState, type Reply, type Slot } from './chat-state.js';
import type { StreamJob } from './use-reply-streams.js';

export interface Outgoing {
  readonly replies: readonly Pick<Reply, 'slot' | 'model' | 'sent'>[];
  readonly jobs: readonly StreamJob[];
}

function sampling(state: ChatState): Sampling {
  const s = state.settings;
  return {
    temperature: s.temperature,
    top_p: s.topP,
    max_tokens: s.maxTokens,
    frequency_penalty: s.frequencyPenalty,
    presence_penalty: s.presencePenalty,
  };
}

/**
 * The request(s) one message becomes: to the current model, and to the base model too in compare
 * mode. Completion models get the prompt with the separator appended (single turn, as trained);
 * chat models get the system prompt and the conversation so far. Only the model the job just
 * created waits out a 404, which for it means "not served yet"; for any other id a 404 means it does
 * not exist, said at once.
 */
export function buildRequests(
  state: ChatState,
  text: string,
  formatFor: (model: string) => QueryFormat,
  notReady: { readonly model: string | null; readonly delaysMs: readonly number[] },
): Outgoing {
  const targets: [Slot, string][] = [['main', state.model]];
  if (state.compare && state.baseModel !== null) targets.push(['base', state.baseModel]);
  const replies: Pick<Reply, 'slot' | 'model' | 'sent'>[] = [];
  const jobs: StreamJob[] = [];
  for (const [slot, model] of targets) {
    const format = formatFor(model);
    const common = { model, stop: state.settings.stop, sampling: sampling(state) };
    let request: TextRequest;
    let sent: string;
    if (format.endpoint === 'completions') {
      sent = completionPrompt(text, state.settings.separator);
      request = { ...common, endpoint: 'completions', prompt: sent };
    } else {
      const messages = conversation(state, slot, text);
      sent = messages.map((m) => `${m.role}: ${m.content}`).join('\n');
      request = { ...common, endpoint: 'chat', messages };
    }
    replies.push({ slot, model, sent });
    jobs.push({
      slot,
      request,
      notReady: model === notReady.model ? { delaysMs: notReady.delaysMs } : undefined,
    });
  }
  return { replies, jobs };
}
