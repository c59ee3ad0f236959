/** The texts a fix may add, in the reference's order of preference (prepare-data.md §2). */
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
 * Tracks which candidate texts occur in some value. One regex of the still-unseen candidates is tried
 * per value (native, one scan); only on a match are the candidates checked one by one.
 */
export class OccurrenceFlags {
  readonly seen: boolean[];
  private unseen: number;
  private pattern: RegExp | null;

  constructor(readonly options: readonly string[]) {
    this.seen = options.map(() => false);
    this.unseen = options.length;
    this.pattern = this.build();
  }

  add(text: string): void {
    if (this.pattern === null || !this.pattern.test(text)) return;
    for (let i = 0; i < this.options.length; i++) {
      if (this.seen[i] === false && text.includes(this.options[i] as string)) this.markSeen(i);
    }
  }

  markSeen(index: number): void {
    if (this.seen[index] === false) {
      this.seen[index] = true;
      this.unseen--;
      this.pattern = this.build();
    }
  }

  /** The first candidate that occurs in no value, else `fallback`. */
  choose(fallback: string): string {
    const index = this.seen.indexOf(false);
    return index === -1 ? fallback : (this.options[index] as string);
  }

  private build(): RegExp | null {
    const unseen = this.options.filter((_, i) => this.seen[i] === false);
    if (unseen.length === 0) return null;
    return new RegExp(unseen.map((o) => o.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'));
  }
}
