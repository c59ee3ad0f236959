/**
 * Reads a training or validation JSONL file into examples: a context (the prompt, or the
 * conversation before an assistant turn) and the target text to predict. The first problem found
 * is reported with its 1-based line number, as the service reports data errors on the job.
 */
import { z } from 'zod';

export interface Example {
  readonly context: string;
  readonly target: string;
}

export interface DataProblem {
  readonly code: string;
  readonly message: string;
}

export type Parsed =
  | { readonly ok: true; readonly examples: Example[]; readonly lines: number }
  | { readonly ok: false; readonly problem: DataProblem };

const Part = z.object({ type: z.string(), text: z.string().optional() }).loose();
const Message = z
  .object({
    role: z.enum(['system', 'developer', 'user', 'assistant', 'tool', 'function']),
    content: z.union([z.string(), z.array(Part), z.null()]).optional(),
    weight: z.union([z.literal(0), z.literal(1)]).optional(),
  })
  .loose();
const ChatLine = z.object({ messages: z.array(Message).min(1) }).loose();
const PromptLine = z.object({ prompt: z.string(), completion: z.string() }).loose();

function text(content: z.infer<typeof Message>['content']): string {
  if (typeof content === 'string') return content;
  return (content ?? []).map((part) => part.text ?? '').join('');
}

function fromChat(line: z.infer<typeof ChatLine>): Example[] | string {
  const examples: Example[] = [];
  const before: string[] = [];
  for (const message of line.messages) {
    const content = text(message.content);
    if (message.role === 'assistant' && message.weight !== 0 && content !== '') {
      examples.push({ context: before.join('\n'), target: content });
    }
    before.push(content);
  }
  if (!line.messages.some((m) => m.role === 'assistant')) return 'has no assistant message';
  return examples;
}

export function parseExamples(content: string, minExamples: number, label = 'Training'): Parsed {
  const examples: Example[] = [];
  const rows = content.split(/\r?\n/);
  let lines = 0;
  for (const [i, raw] of rows.entries()) {
    if (raw.trim() === '') continue;
    const line = i + 1;
    const fail = (message: string): Parsed => ({
      ok: false,
      problem: { code: 'invalid_file_format', message: `Invalid file format. Line ${line}: ${message}.` },
    });
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      return fail('not valid JSON');
    }
    lines++;
    const chat = ChatLine.safeParse(value);
    if (chat.success) {
      const found = fromChat(chat.data);
      if (typeof found === 'string') return fail(found);
      examples.push(...found);
      continue;
    }
    const prompt = PromptLine.safeParse(value);
    if (prompt.success) {
      if (prompt.data.completion === '') return fail('the completion is empty');
      examples.push({ context: prompt.data.prompt, target: prompt.data.completion });
      continue;
    }
    const isObject = typeof value === 'object' && value !== null && !Array.isArray(value);
    if (isObject && Object.hasOwn(value as object, 'preferred_output')) {
      return fail(
        'preference data (input, preferred_output, non_preferred_output) needs the dpo method, which the' +
          ' local provider does not train; train on the preferred outputs as {"messages": [...]} lines' +
          ' with method supervised',
      );
    }
    if (isObject && Object.hasOwn(value as object, 'messages')) {
      const issue = chat.error.issues[0];
      return fail(`key "messages" ${issue ? `at ${issue.path.join('.')}: ${issue.message}` : 'is invalid'}`);
    }
    return fail(isObject ? 'expected "messages", or "prompt" and "completion" strings' : 'not a JSON object');
  }
  if (lines < minExamples) {
    return {
      ok: false,
      problem: {
        code: 'invalid_n_examples',
        message: `${label} file has ${lines} example(s), but must have at least ${minExamples} examples`,
      },
    };
  }
  return { ok: true, examples, lines };
}
