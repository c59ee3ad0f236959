/**
 * Prompt/completion examples rewritten as chat examples, for when a chat model is chosen for data
 * prepared for completion models.
 */
export interface ConvertOptions {
  /** A system message the user writes; none when absent or blank. */
  readonly systemPrompt?: string;
  /** The separator that preparation appended to every prompt; removed from the end of prompts. */
  readonly separator?: string;
  /** The ending that preparation appended to every completion; removed from the end of completions. */
  readonly ending?: string;
  /** Remove the one leading space preparation puts before completions (default true). */
  readonly stripLeadingSpace?: boolean;
}

export interface ChatExample {
  readonly messages: ReadonlyArray<{
    readonly role: 'system' | 'user' | 'assistant';
    readonly content: string;
  }>;
}

/**
 * `{prompt, completion}` → system (optional), `user: prompt`, `assistant: completion`. The separator,
 * the leading space and the ending only help completion models find where a prompt stops and an answer
 * ends; a chat model gets that from the message structure, so they are stripped. An empty prompt (open-
 * ended generation) gives no user message rather than an empty one, which training would reject.
 */
export function promptCompletionToChat(
  example: { readonly prompt: string; readonly completion: string },
  options: ConvertOptions = {},
): ChatExample {
  let prompt = example.prompt;
  if (options.separator && prompt.endsWith(options.separator)) {
    prompt = prompt.slice(0, prompt.length - options.separator.length);
  }
  let completion = example.completion;
  if ((options.stripLeadingSpace ?? true) && completion.startsWith(' ')) completion = completion.slice(1);
  if (options.ending && completion.endsWith(options.ending)) {
    completion = completion.slice(0, completion.length - options.ending.length);
  }
  const messages: ChatExample['messages'][number][] = [];
  const system = options.systemPrompt?.trim();
  if (system) messages.push({ role: 'system', content: system });
  if (prompt !== '') messages.push({ role: 'user', content: prompt });
  messages.push({ role: 'assistant', content: completion });
  return { messages };
}

/** One sentence telling the user what the conversion removes, or an empty string when nothing. */
export function describeConversion(options: ConvertOptions): string {
  const removed: string[] = [];
  if (options.separator)
    removed.push(`the separator ${JSON.stringify(options.separator)} at the end of prompts`);
  if (options.stripLeadingSpace ?? true) removed.push('the leading space of completions');
  if (options.ending) removed.push(`the ending ${JSON.stringify(options.ending)} of completions`);
  if (removed.length === 0) return '';
  const list = removed.length === 1 ? removed[0] : `${removed.slice(0, -1).join(', ')} and ${removed.at(-1)}`;
  return `Converting to chat removes ${list}: they only guide completion models.`;
}
