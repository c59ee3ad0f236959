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

  add(text: string): void {
    if (this.prefixText === null) {
      this.prefixText = text;
      this.suffixText = text;
      this.first = text;
    } else {
      if (this.allSame && text !== this.first) this.allSame = false;
      const prefix = this.prefixText;
      if (prefix.length > 0 && !text.startsWith(prefix)) {
        this.prefixText = prefix.slice(0, commonPrefixLength(prefix, text));
      }
      const suffix = this.suffixText;
      if (suffix.length > 0 && !text.endsWith(suffix)) {
        this.suffixText = suffix.slice(suffix.length - commonSuffixLength(suffix, text));
      }
    }
    // Repeating is monotone in k, so the longest k is found by bisection: stepping k up one unit at a
    // time costs a search per unit, hours on a multi-megabyte line such as "ab ab ab …".
    let known = this.repeat;
    let high = Math.min(this.suffixText.length, text.length >> 1);
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
