import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { z } from 'zod';
import { promptCompletionToChat } from '../core/convert.js';
import { AtomicLineWriter } from '../core/prepare/atomic.js';
import type { PreparedFiles } from './state/model-step.js';

const recordSchema = z.object({ prompt: z.string(), completion: z.string() });

/** `x_prepared.jsonl` → `x_prepared_chat.jsonl`, next to it. */
export function chatPathOf(path: string): string {
  return path.replace(/(\.jsonl)?$/, '_chat.jsonl');
}

async function convertOne(path: string, files: PreparedFiles, signal?: AbortSignal): Promise<string> {
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
export async function convertFilesToChat(files: PreparedFiles, signal?: AbortSignal): Promise<PreparedFiles> {
  const train = await convertOne(files.train, files, signal);
  const valid = files.valid === null ? null : await convertOne(files.valid, files, signal);
  return { train, valid, format: 'chat', separator: null, stop: null, systemPrompt: null };
}
