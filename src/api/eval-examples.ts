import { readFile } from 'node:fs/promises';
import { z } from 'zod';
import { UserError } from '../core/errors.js';
import type { ChatMessage } from './completions.js';

/**
 * A validation file as evaluation examples: what to send and the answer expected. Prompt/completion
 * lines send the prompt; chat lines send the conversation before the last assistant message, which
 * is the expected answer.
 */
export type EvalExample =
  | { readonly endpoint: 'completions'; readonly prompt: string; readonly expected: string }
  | { readonly endpoint: 'chat'; readonly messages: readonly ChatMessage[]; readonly expected: string };

const promptLine = z.object({ prompt: z.string(), completion: z.string() });
const messageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant']),
  content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]),
});
const chatLine = z.object({ messages: z.array(messageSchema).min(1) });

function text(content: z.infer<typeof messageSchema>['content']): string {
  return typeof content === 'string' ? content : content.map((part) => part.text ?? '').join('');
}

function fromChat(line: z.infer<typeof chatLine>): EvalExample | string {
  const lastAssistant = line.messages.map((m) => m.role).lastIndexOf('assistant');
  if (lastAssistant < 0) return 'has no assistant message to compare with';
  const messages = line.messages.slice(0, lastAssistant).map((m): ChatMessage => ({
    // Older chat APIs know no "developer" role; it plays the system part.
    role: m.role === 'developer' ? 'system' : m.role,
    content: text(m.content),
  }));
  const expected = line.messages[lastAssistant];
  return { endpoint: 'chat', messages, expected: expected ? text(expected.content) : '' };
}

export function parseEvalExamples(content: string, file: string): EvalExample[] {
  const examples: EvalExample[] = [];
  content.split(/\r?\n/).forEach((raw, i) => {
    if (raw.trim() === '') return;
    const where = `${file}, line ${i + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      // A raw CSV or spreadsheet is the likely mistake: eval reads what `prepare` wrote.
      const prepared = /\.jsonl?$/i.test(file)
        ? ''
        : ` eval reads a prepared JSONL file: run \`fine-tune prepare ${file}\` first and pass its _valid.jsonl.`;
      throw new UserError(`${where}: not valid JSON.${prepared}`);
    }
    const chat = chatLine.safeParse(value);
    if (chat.success) {
      const example = fromChat(chat.data);
      if (typeof example === 'string') throw new UserError(`${where}: ${example}.`);
      examples.push(example);
      return;
    }
    const pc = promptLine.safeParse(value);
    if (pc.success) {
      examples.push({ endpoint: 'completions', prompt: pc.data.prompt, expected: pc.data.completion });
      return;
    }
    throw new UserError(`${where}: expected "prompt" and "completion" strings, or "messages".`);
  });
  if (examples.length === 0) throw new UserError(`${file}: no examples to evaluate.`);
  const kinds = new Set(examples.map((e) => e.endpoint));
  if (kinds.size > 1) throw new UserError(`${file}: mixes prompt/completion and chat lines.`);
  return examples;
}

export async function readEvalExamples(file: string): Promise<EvalExample[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UserError(`${file}: ${code === 'ENOENT' ? 'no such file' : 'cannot be read'}.`);
  }
  return parseEvalExamples(content, file);
}
