import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { commonSuffixLength, wholeSuffix } from './text.js';

export interface InferenceFormat {
  /** What every prompt ends with (append it at inference), or null. */
  readonly separator: string | null;
  /** What every completion ends with (pass it as `stop`), or null. */
  readonly stop: string | null;
}

/**
 * The separator and stop sequence a prepared prompt/completion JSONL file was written with: the
 * common suffix of its prompts and of its completions. `create` records them so that `complete`
 * and the chat tester apply them even when the user never said what they were. Streams the file;
 * anything that is not prompt/completion JSONL gives nulls.
 */
export async function inferInferenceFormat(path: string): Promise<InferenceFormat> {
  let prompt: string | null = null;
  let completion: string | null = null;
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      const row = parseRow(line);
      if (row === null) return { separator: null, stop: null };
      prompt =
        prompt === null ? row.prompt : prompt.slice(prompt.length - commonSuffixLength(prompt, row.prompt));
      completion =
        completion === null
          ? row.completion
          : completion.slice(completion.length - commonSuffixLength(completion, row.completion));
    }
  } catch {
    return { separator: null, stop: null };
  } finally {
    lines.close();
  }
  return { separator: nonEmpty(prompt), stop: nonEmpty(completion) };
}

function parseRow(line: string): { prompt: string; completion: string } | null {
  try {
    const value: unknown = JSON.parse(line);
    if (typeof value !== 'object' || value === null) return null;
    const { prompt, completion } = value as Record<string, unknown>;
    return typeof prompt === 'string' && typeof completion === 'string' ? { prompt, completion } : null;
  } catch {
    return null;
  }
}

/**
 * A shared ending that starts inside a word is part of the text, not a marker: " positive" and
 * " negative" share "ive", which must never become a stop sequence.
 */
function nonEmpty(suffix: string | null): string | null {
  if (suffix === null) return null;
  const whole = wholeSuffix(suffix);
  return whole === '' || /^[\p{L}\p{N}]/u.test(whole) ? null : whole;
}

/**
 * The system message most examples of a chat (or preference) JSONL file open with, or null when no
 * one message opens at least half of them: `create` records it so that the chat tester and eval send
 * it, as the model was trained. Streams the file; a line that is not JSON counts as one without.
 */
export async function inferSystemPrompt(path: string): Promise<string | null> {
  const { SystemTally } = await import('../chat/system-tally.js');
  const tally = new SystemTally();
  const lines = createInterface({ input: createReadStream(path, 'utf8'), crlfDelay: Infinity });
  try {
    for await (const line of lines) {
      if (line.trim() === '') continue;
      let value: unknown = null;
      try {
        value = JSON.parse(line);
      } catch {
        // Counted as an example without a system message.
      }
      tally.addLine(value);
    }
  } catch {
    return null;
  } finally {
    lines.close();
  }
  return tally.majority();
}
