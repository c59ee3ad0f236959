import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { promptCompletionToChat, type ConvertOptions } from './convert.js';
import { AtomicLineWriter } from './prepare/atomic.js';

/** Prepared prompt/completion files and what preparation appended to their prompts and completions. */
export interface ConvertibleFiles {
  readonly train: string;
  readonly valid: string | null;
  readonly separator: string | null;
  readonly stop: string | null;
}

const recordSchema = z.object({ prompt: z.string(), completion: z.string() });

/** `x_prepared.jsonl` → `x_prepared_chat.jsonl`, next to it. */
export function chatPathOf(path: string): string {
  return path.replace(/(\.jsonl)?$/, '_chat.jsonl');
}

/**
 * A prepared prompt/completion file rewritten as chat messages beside it (written atomically; the
 * prepared file stays as it is), for providers and models that train on chat only. Used by the
 * wizard's model step, `prepare --to-chat` and rescue.
 */
export async function convertFileToChat(
  path: string,
  options: ConvertOptions,
  signal?: AbortSignal,
): Promise<string> {
  const target = chatPathOf(path);
  const writer = new AtomicLineWriter(target);
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  let line = 0;
  try {
    for await (const text of lines) {
      line += 1;
      signal?.throwIfAborted();
      if (text.trim() === '') continue;
      const parsed = recordSchema.safeParse(JSON.parse(text));
      if (!parsed.success) throw new Error(`${path}, line ${line}: not a prompt/completion record`);
      writer.write(JSON.stringify(promptCompletionToChat(parsed.data, options)));
      await writer.backpressure();
    }
    await writer.commit();
    return target;
  } catch (error) {
    await writer.abandon();
    throw error;
  }
}

/**
 * The prepared prompt/completion files rewritten as chat files beside them, the separator and stop
 * that preparation appended taken off again, for a chat model.
 */
export async function convertFilesToChat<F extends ConvertibleFiles>(
  files: F,
  signal?: AbortSignal,
): Promise<F & { readonly format: 'chat'; readonly separator: null; readonly stop: null }> {
  const options: ConvertOptions = {
    ...(files.separator ? { separator: files.separator } : {}),
    ...(files.stop ? { ending: files.stop } : {}),
  };
  const train = await convertFileToChat(files.train, options, signal);
  const valid = files.valid === null ? null : await convertFileToChat(files.valid, options, signal);
  return { ...files, train, valid, format: 'chat', separator: null, stop: null };
}
