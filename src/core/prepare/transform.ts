import { LONG_EXAMPLE } from './options.js';
import { codePointLength, dropCodePoints } from './text.js';
import type { PromptCompletionPlan } from './types.js';

/**
 * Pass 2 for prompt/completion rows: applies the accepted optional fixes, in check order, to one row
 * at a time. Rows arrive in source order, so the duplicate positions are walked with one cursor.
 */
export class RowTransformer {
  prompt = '';
  completion = '';
  /** The last row kept differs from the row after necessary fixes. */
  modified = false;
  private cursor = 0;

  constructor(
    private readonly plan: PromptCompletionPlan,
    private readonly fixes: ReadonlySet<string>,
    private readonly dropped: ReadonlySet<number> = new Set(),
  ) {}

  /** False when the row is removed; otherwise `prompt`/`completion` hold the prepared texts. */
  apply(position: number, prompt: string, completion: string): boolean {
    const fixes = this.fixes;
    if (this.dropped.has(position)) return false;
    if (fixes.has('duplicates')) {
      const dups = this.plan.duplicates;
      while (this.cursor < dups.length && (dups[this.cursor] ?? 0) < position) this.cursor++;
      if (dups[this.cursor] === position) return false;
    }
    // Recomputed per row: removing other rows first cannot shift which rows are long (§4.4).
    if (
      fixes.has('long-examples') &&
      prompt.length + completion.length > LONG_EXAMPLE &&
      codePointLength(prompt) + codePointLength(completion) > LONG_EXAMPLE
    ) {
      return false;
    }
    let p = prompt;
    let c = completion;
    if (fixes.has('uppercase-prompts')) p = p.toLowerCase();
    if (fixes.has('uppercase-completions')) c = c.toLowerCase();
    if (fixes.has('prompt-separator')) p += this.plan.separator;
    if (fixes.has('prompt-prefix')) p = dropCodePoints(p, this.plan.promptPrefixLength);
    if (fixes.has('completion-prefix')) {
      c = (this.plan.completionPrefixSpace ? ' ' : '') + dropCodePoints(c, this.plan.completionPrefixLength);
    }
    if (fixes.has('completion-ending')) c += this.plan.ending;
    if (fixes.has('completion-leading-space') && c.charCodeAt(0) !== 32) c = ` ${c}`;
    this.modified = p !== prompt || c !== completion;
    this.prompt = p;
    this.completion = c;
    return true;
  }
}
