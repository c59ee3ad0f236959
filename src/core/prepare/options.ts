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
 * Tracks which candidate texts occur in some value. Most candidates hold a character that ordinary text
 * rarely has (`\n`, `#`, `*`, `-`, …): one character-class test per value tells whether any of them can
 * occur before each is searched. Candidates without such a character (` END`) are always searched.
 */
export class OccurrenceFlags {
  readonly seen: boolean[];
  private unseen: number;
  private readonly rare: ReadonlyArray<string | null>;
  private filter: RegExp | null = null;

  constructor(readonly options: readonly string[]) {
    this.seen = options.map(() => false);
    this.unseen = options.length;
    this.rare = options.map((o) => [...o].find((ch) => ch !== ' ' && !/[\p{L}\p{N}]/u.test(ch)) ?? null);
    this.build();
  }

  add(text: string): void {
    if (this.unseen === 0) return;
    const maybe = this.filter !== null && this.filter.test(text);
    for (let i = 0; i < this.options.length; i++) {
      if (this.seen[i] === true || (this.rare[i] !== null && !maybe)) continue;
      if (text.includes(this.options[i] as string)) this.markSeen(i);
    }
  }

  markSeen(index: number): void {
    if (this.seen[index] === false) {
      this.seen[index] = true;
      this.unseen--;
      this.build();
    }
  }

  /** The first candidate that occurs in no value, else `fallback`. */
  choose(fallback: string): string {
    const index = this.seen.indexOf(false);
    return index === -1 ? fallback : (this.options[index] as string);
  }

  private build(): void {
    const chars = new Set(this.rare.filter((ch, i): ch is string => ch !== null && this.seen[i] === false));
    const escaped = [...chars].map((ch) => (/[\]\\^-]/.test(ch) ? `\\${ch}` : ch));
    this.filter = chars.size === 0 ? null : new RegExp(`[${escaped.join('')}]`);
  }
}
