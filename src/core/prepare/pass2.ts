import { classificationOf } from './analyze.js';
import { commonSuffixLength, wholeSuffix } from './text.js';

/** What pass 2 learns about the rows it writes: counts, classes, and the common suffixes for inference. */
export class OutputStats {
  examples = 0;
  removed = 0;
  modified = 0;
  /** Chat data: the system message most written examples open with (set once the pass is over). */
  systemPrompt: string | null = null;
  private promptSuffix: string | null = null;
  private completionSuffix: string | null = null;
  private readonly classes = new Map<string, number>();
  /** With a split of classification data: the class of each written row (an index into `labels`). */
  readonly rowClasses: number[] | null;
  private readonly classIds = new Map<string, number>();
  readonly labels: string[] = [];
  /** With a split that may keep near-duplicate groups together: the source position of each written row. */
  rowPositions: number[] | null = null;

  constructor(
    private readonly countClasses: boolean,
    trackRows = false,
  ) {
    this.rowClasses = countClasses && trackRows ? [] : null;
  }

  private promptTail = '';
  private completionTail = '';

  /**
   * Counts one written row. The common suffixes are tracked on the cores: every row gets the same tail,
   * so the suffix of core + tail is the cores' suffix + tail.
   */
  add(
    prompt: string,
    promptTail: string,
    completionHead: string,
    completion: string,
    completionTail: string,
    modified: boolean,
  ): void {
    this.examples++;
    if (modified) this.modified++;
    this.promptTail = promptTail;
    this.completionTail = completionTail;
    this.promptSuffix = shrink(this.promptSuffix, prompt);
    // The head is a leading space: it only matters to the suffix when the core is empty.
    this.completionSuffix = shrink(this.completionSuffix, completion === '' ? completionHead : completion);
    if (this.countClasses) {
      const label = completionHead + completion + completionTail;
      this.classes.set(label, (this.classes.get(label) ?? 0) + 1);
      if (this.rowClasses !== null) {
        let id = this.classIds.get(label);
        if (id === undefined) {
          id = this.labels.push(label) - 1;
          this.classIds.set(label, id);
        }
        this.rowClasses.push(id);
      }
    }
  }

  classification(): { nClasses: number; positiveClass: string | null } | null {
    return this.countClasses ? classificationOf(this.classes.size, this.classes) : null;
  }

  get separator(): string | null {
    return wholeSuffix((this.promptSuffix ?? '') + this.promptTail) || null;
  }

  get stop(): string | null {
    return wholeSuffix((this.completionSuffix ?? '') + this.completionTail) || null;
  }
}

function shrink(suffix: string | null, text: string): string {
  if (suffix === null) return text;
  if (suffix.length === 0 || text.endsWith(suffix)) return suffix;
  return suffix.slice(suffix.length - commonSuffixLength(suffix, text));
}
