import { commonPrefixLength, commonSuffixLength, repeatsSuffix, wholePrefix, wholeSuffix } from './text.js';

/**
 * The running common prefix and suffix of one column, without keeping the values. Also tracks whether
 * every value is the same, and the longest `k` for which some value repeats its own last `k` units
 * earlier in the text: the common suffix "occurs more than once" exactly when that reaches its length,
 * because repeating a longer suffix implies repeating every shorter one.
 */
export class AffixTracker {
  private prefixText: string | null = null;
  private suffixText = '';
  private first = '';
  allSame = true;
  private repeat = 0;

  /** Adds the value made of the units [start, end) of `text` (the whole text by default). */
  add(text: string, start = 0, end = text.length): void {
    const length = end - start;
    if (this.prefixText === null) {
      const value = text.slice(start, end);
      this.prefixText = value;
      this.suffixText = value;
      this.first = value;
    } else {
      if (this.allSame && (length !== this.first.length || !text.startsWith(this.first, start))) {
        this.allSame = false;
      }
      const prefix = this.prefixText;
      if (prefix.length > 0 && (prefix.length > length || !text.startsWith(prefix, start))) {
        this.prefixText = prefix.slice(0, commonPrefixLength(prefix, text, start, end));
      }
      const suffix = this.suffixText;
      if (suffix.length > 0 && (suffix.length > length || !text.endsWith(suffix, end))) {
        this.suffixText = suffix.slice(suffix.length - commonSuffixLength(suffix, text, start, end));
      }
    }
    const high = Math.min(this.suffixText.length, length >> 1);
    // Usually nothing to look for: the value is cut into a string of its own only when there is.
    if (this.repeat < high) this.longestRepeat(text.slice(start, end), high);
  }

  private longestRepeat(text: string, high: number): void {
    // Repeating is monotone in k, so the longest k is found by bisection: stepping k up one unit at a
    // time costs a search per unit, hours on a multi-megabyte line such as "ab ab ab …".
    let known = this.repeat;
    while (known < high) {
      const k = (known + high + 1) >> 1;
      if (repeatsSuffix(text, k)) known = k;
      else high = k - 1;
    }
    this.repeat = known;
  }

  get prefix(): string {
    return wholePrefix(this.prefixText ?? '');
  }

  get suffix(): string {
    return wholeSuffix(this.suffixText);
  }

  /** Some value holds the common suffix more than once. */
  get suffixRepeats(): boolean {
    const suffix = this.suffix;
    return suffix.length > 0 && this.repeat >= suffix.length;
  }
}
