/** The texts a fix may add, in the reference's order of preference (docs/prepare-checks.md). */
export const SEPARATOR_OPTIONS = [
  ' ->',
  '\n\n###\n\n',
  '\n\n===\n\n',
  '\n\n---\n\n',
  '\n\n===>\n\n',
  '\n\n--->\n\n',
];
export const SEPARATOR_FALLBACK = '\n\n### =>\n\n';
export const ENDING_OPTIONS = ['\n', '.', ' END', '***', '+++', '&&&', '$$$', '@@@', '%%%'];
export const ENDING_FALLBACK = ' [END]';

export const LONG_EXAMPLE = 10_000;
export const PROMPT_PREFIX_MIN = 13;
export const COMPLETION_PREFIX_MIN = 5;
export const SUFFIX_LONG = 10;

/**
 * Tracks which candidate texts occur in some value. Each still-unseen candidate marks one character of
 * it (its first that is not a space) with `bit` in the analysis's character table; the digest loop ORs
 * the classes of a text's characters, so a text without any marked character is skipped at no cost.
 */
export class OccurrenceFlags {
  readonly seen: boolean[];
  private unseen: number;
  private readonly marks: readonly number[];

  constructor(
    readonly options: readonly string[],
    private readonly table: Int32Array,
    private readonly bit: number,
  ) {
    this.seen = options.map(() => false);
    this.unseen = options.length;
    this.marks = options.map((o) => [...o].find((ch) => ch !== ' ')?.charCodeAt(0) ?? 32);
    this.mark();
  }

  /**
   * Looks for the candidates in the units [start, end) of `text`. `signature`: the OR of the table
   * classes of those characters (from `digest`).
   */
  add(text: string, start: number, end: number, signature: number): void {
    if ((signature & this.bit) === 0 || this.unseen === 0) return;
    const value = text.slice(start, end);
    for (let i = 0; i < this.options.length; i++) {
      if (this.seen[i] === false && value.includes(this.options[i] as string)) this.markSeen(i);
    }
  }

  markSeen(index: number): void {
    if (this.seen[index] === false) {
      this.seen[index] = true;
      this.unseen--;
      this.mark();
    }
  }

  /** The first candidate that occurs in no value, else `fallback`. */
  choose(fallback: string): string {
    const index = this.seen.indexOf(false);
    return index === -1 ? fallback : (this.options[index] as string);
  }

  private mark(): void {
    const t = this.table;
    for (const c of this.marks) t[c] = (t[c] ?? 0) & ~this.bit;
    this.marks.forEach((c, i) => {
      if (this.seen[i] === false) t[c] = (t[c] ?? 0) | this.bit;
    });
  }
}
