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

/** Tracks which candidate texts occur in some value; only still-unseen candidates are searched. */
export class OccurrenceFlags {
  readonly seen: boolean[];
  private unseen: number;

  constructor(readonly options: readonly string[]) {
    this.seen = options.map(() => false);
    this.unseen = options.length;
  }

  add(text: string): void {
    if (this.unseen === 0) return;
    for (let i = 0; i < this.options.length; i++) {
      if (this.seen[i] === true) continue;
      if (text.includes(this.options[i] as string)) {
        this.seen[i] = true;
        this.unseen--;
      }
    }
  }

  markSeen(index: number): void {
    if (this.seen[index] === false) {
      this.seen[index] = true;
      this.unseen--;
    }
  }

  /** The first candidate that occurs in no value, else `fallback`. */
  choose(fallback: string): string {
    const index = this.seen.indexOf(false);
    return index === -1 ? fallback : (this.options[index] as string);
  }
}
