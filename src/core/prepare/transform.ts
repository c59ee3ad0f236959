import { LONG_EXAMPLE } from './options.js';
import { codePointLength, dropCodePoints } from './text.js';
import type { Analysis, PromptCompletionPlan } from './types.js';

/** The optional fixes this analysis proposed that the user accepted: only those are applied. */
export function activeFixes(analysis: Analysis, accepted: ReadonlySet<string>): Set<string> {
  return new Set(
    analysis.findings.filter((f) => f.kind === 'optional' && accepted.has(f.id)).map((f) => f.id),
  );
}

/**
 * Pass 2 for prompt/completion rows: applies the accepted optional fixes, in check order, to one row
 * at a time. Rows arrive in source order, so the duplicate positions are walked with one cursor.
 *
 * Each prepared text is kept as a core plus the tail a fix appends (the separator, the ending). The
 * tail is the same for every row, so the writer encodes it once, and a core cut from an unescaped
 * JSON string needs no encoding at all.
 */
export class RowTransformer {
  promptCore = '';
  promptTail = '';
  /** A space put in front of the completion (kept apart so the core stays a slice of the line). */
  completionHead = '';
  completionCore = '';
  completionTail = '';
  /** The last row kept differs from the row after necessary fixes. */
  modified = false;
  /** The last row kept had its completion replaced by a quality fix (its text is no slice of the line). */
  relabelled = false;
  /** Position → new completion, from the accepted quality fixes (null: none accepted). */
  private readonly relabel: Map<number, string> | null;
  private cursor = 0;
  private readonly separator: string;
  private readonly ending: string;

  constructor(
    private readonly plan: PromptCompletionPlan,
    private readonly fixes: ReadonlySet<string>,
    private readonly dropped: ReadonlySet<number> = new Set(),
    /** Labels the user gave rows one by one in the wizard: they win over any fix's. */
    chosen: ReadonlyMap<number, string> = new Map(),
  ) {
    this.separator = fixes.has('prompt-separator') ? plan.separator : '';
    this.ending = fixes.has('completion-ending') ? plan.ending : '';
    const quality = plan.quality;
    const relabel = new Map<number, string>();
    // A row in both: its group's majority wins over the model's guess (the people who wrote it agree).
    if (quality && fixes.has('likely-mislabelled'))
      for (const [p, l] of quality.mislabelled) relabel.set(p, l);
    if (quality && fixes.has('conflicting-labels'))
      for (const [p, l] of quality.conflicting) relabel.set(p, l);
    for (const [p, l] of chosen) relabel.set(p, l);
    this.relabel = relabel.size > 0 ? relabel : null;
  }

  get prompt(): string {
    return this.promptCore + this.promptTail;
  }

  get completion(): string {
    return this.completionHead + this.completionCore + this.completionTail;
  }

  /** False when the row is removed; otherwise the cores and tails hold the prepared texts. */
  apply(position: number, prompt: string, completion: string): boolean {
    const fixes = this.fixes;
    if (this.dropped.size > 0 && this.dropped.has(position)) return false;
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
    const original = completion;
    const label = this.relabel?.get(position);
    this.relabelled = label !== undefined && label !== completion;
    if (label !== undefined) completion = label;
    let p = fixes.has('uppercase-prompts') ? prompt.toLowerCase() : prompt;
    let pTail = this.separator;
    if (fixes.has('prompt-prefix')) [p, pTail] = drop(p, pTail, this.plan.promptPrefixLength);
    let c = fixes.has('uppercase-completions') ? completion.toLowerCase() : completion;
    let cTail = this.ending;
    let cHead = '';
    if (fixes.has('completion-prefix')) {
      [c, cTail] = drop(c, cTail, this.plan.completionPrefixLength);
      if (this.plan.completionPrefixSpace) cHead = ' ';
    }
    if (
      fixes.has('completion-leading-space') &&
      cHead === '' &&
      (c === '' ? cTail : c).charCodeAt(0) !== 32
    ) {
      cHead = ' ';
    }
    this.modified = p !== prompt || c !== original || pTail !== '' || cTail !== '' || cHead !== '';
    this.promptCore = p;
    this.promptTail = pTail;
    this.completionHead = cHead;
    this.completionCore = c;
    this.completionTail = cTail;
    return true;
  }
}

/** Removes the first `count` code points of core + tail, touching the tail only if the core is shorter. */
function drop(core: string, tail: string, count: number): [string, string] {
  if (count === 0) return [core, tail];
  if (core.length >= 2 * count || codePointLength(core) >= count) return [dropCodePoints(core, count), tail];
  return [dropCodePoints(core + tail, count), ''];
}
