import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { promptCompletionToChat } from './convert.js';
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

async function convertOne(path: string, files: ConvertibleFiles, signal?: AbortSignal): Promise<string> {
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
      const chat = promptCompletionToChat(parsed.data, {
        ...(files.separator ? { separator: files.separator } : {}),
        ...(files.stop ? { ending: files.stop } : {}),
      });
      writer.write(JSON.stringify(chat));
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
 * The prepared prompt/completion files rewritten as chat files beside them (written atomically; the
 * prepared files stay as they are), for a chat model.
 */
export async function convertFilesToChat<F extends ConvertibleFiles>(
  files: F,
  signal?: AbortSignal,
): Promise<F & { readonly format: 'chat'; readonly separator: null; readonly stop: null }> {
  const train = await convertOne(files.train, files, signal);
  const valid = files.valid === null ? null : await convertOne(files.valid, files, signal);
  return { ...files, train, valid, format: 'chat', separator: null, stop: null };
}
