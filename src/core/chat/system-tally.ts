import { isRecord } from './validate.js';
import { systemText } from './fixes.js';

/** Distinct system messages counted (the most used is almost always among the first seen). */
const MAX_TEXTS = 200;
/** Longer system messages are not counted: the common one is an instruction, not a document. */
const MAX_CHARS = 20_000;

/**
 * Counts the system message each example opens with, in bounded memory: a file may give every example
 * its own. The analysis offers the most used one to the add-system-message fix; the writer and
 * `create` record the one most examples share, which the chat tester and eval then send.
 */
export class SystemTally {
  private readonly counts = new Map<string, number>();
  private examples = 0;

  /** One example's system message (null: it has none, or not as plain text). */
  addText(text: string | null): void {
    this.examples++;
    if (text === null || text.length > MAX_CHARS) return;
    const count = this.counts.get(text);
    if (count !== undefined) this.counts.set(text, count + 1);
    else if (this.counts.size < MAX_TEXTS) this.counts.set(text, 1);
  }

  /** One chat or preference line, as parsed. */
  addLine(value: unknown): void {
    const list = isRecord(value)
      ? 'messages' in value
        ? value['messages']
        : isRecord(value['input'])
          ? value['input']['messages']
          : undefined
      : undefined;
    this.addText(Array.isArray(list) ? systemText(list.filter(isRecord)) : null);
  }

  /** The most used ones, most used first. */
  top(n: number): Array<{ readonly text: string; readonly count: number }> {
    return [...this.counts]
      .map(([text, count]) => ({ text, count }))
      .sort((a, b) => b.count - a.count)
      .slice(0, n);
  }

  /** The system message at least half the examples open with, else null. */
  majority(): string | null {
    const [first] = this.top(1);
    return first !== undefined && 2 * first.count >= this.examples ? first.text : null;
  }
}
