import type OpenAI from 'openai';
import { note, redraw, say } from './output.js';
import { UserError } from '../core/errors.js';
import { isMissingModel, mayWarmUp, missingModelMessage } from '../api/models.js';
import {
  DEFAULT_NOT_READY_DELAYS,
  streamText,
  type Sampling,
  type StreamChunk,
  type TextRequest,
  type Usage,
} from '../api/completions.js';
import {
  completionPrompt,
  queryFormat,
  type FormatFlags,
  type TrainingFormat,
} from '../api/completions-format.js';

export interface CompleteInput {
  readonly model: string;
  readonly prompt: string;
  readonly record: TrainingFormat | null;
  /** A job recorded here made the model (`madeHere`): only then may a 404 mean it is warming up. */
  readonly madeHere?: boolean;
  readonly flags: FormatFlags;
  readonly sampling: Sampling;
  /** Collect instead of streaming to stdout. */
  readonly json: boolean;
  readonly notReadyDelaysMs?: readonly number[];
}

export interface CompleteResult {
  readonly model: string;
  readonly endpoint: 'completions' | 'chat';
  /** The exact prompt sent (completions) or the user message (chat). */
  readonly prompt: string;
  readonly stop: readonly string[];
  readonly text: string;
  readonly finishReason: string | null;
  readonly usage: Usage | null;
  readonly stopped: boolean;
}

/**
 * One completion, streamed to stdout as it arrives (the original guide's `completions.create`).
 * Ctrl+C stops the answer and keeps what was printed; a fine-tuned model a job recorded here made,
 * not served yet, is retried with a countdown on stderr; any other missing model fails at once.
 */
export async function runComplete(client: OpenAI, input: CompleteInput): Promise<CompleteResult> {
  const format = queryFormat(input.model, input.record, input.flags, 'completions');
  const common = { model: input.model, stop: format.stop, sampling: input.sampling };
  const prompt =
    format.endpoint === 'completions' ? completionPrompt(input.prompt, format.separator) : input.prompt;
  const request: TextRequest =
    format.endpoint === 'completions'
      ? { ...common, endpoint: 'completions', prompt }
      : {
          ...common,
          endpoint: 'chat',
          messages: [
            ...(format.systemPrompt ? [{ role: 'system' as const, content: format.systemPrompt }] : []),
            { role: 'user', content: input.prompt },
          ],
        };
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  process.once('SIGINT', onSigint);
  let announced = 0;
  const notReady = mayWarmUp(input.model, input.record !== null || input.madeHere === true)
    ? {
        delaysMs: input.notReadyDelaysMs ?? DEFAULT_NOT_READY_DELAYS,
        onCountdown: ({
          secondsLeft,
          attempt,
          attempts,
        }: {
          secondsLeft: number;
          attempt: number;
          attempts: number;
        }) => {
          if (secondsLeft === 0) return;
          const line = `model not ready yet (404): retrying in ${secondsLeft}s (${attempt}/${attempts})`;
          if (process.stderr.isTTY) redraw(line, secondsLeft === 1 ? '\n' : '');
          // Without a terminal, one line per wait rather than one per second.
          else if (attempt !== announced) note(`${line}\n`);
          announced = attempt;
        },
      }
    : undefined;
  let text = '';
  let end: Extract<StreamChunk, { type: 'end' }> | null = null;
  try {
    for await (const chunk of streamText(client, request, { signal: ac.signal, notReady })) {
      if (chunk.type === 'delta') {
        text += chunk.text;
        if (!input.json) say(chunk.text);
      } else {
        end = chunk;
      }
    }
  } catch (error) {
    // A model no job of ours is warming up that 404s does not exist: say so now, with the nearest ids.
    if (notReady === undefined && isMissingModel(error) && !ac.signal.aborted) {
      throw new UserError(await missingModelMessage(client, input.model));
    }
    throw error;
  } finally {
    process.removeListener('SIGINT', onSigint);
  }
  if (!input.json && !text.endsWith('\n')) say('\n');
  return {
    model: input.model,
    endpoint: format.endpoint,
    prompt,
    stop: format.stop,
    text,
    finishReason: end?.finishReason ?? null,
    usage: end?.usage ?? null,
    stopped: end?.stopped ?? false,
  };
}
