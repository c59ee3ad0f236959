import { AffixTracker } from './affix.js';
import {
  CONTROL,
  digest,
  ENDING_SIGN,
  lane2,
  newCharTable,
  NEWLINE,
  SEPARATOR_SIGN,
  signature,
} from './digest.js';
import { HashSet64, mulberry32, PositionList } from './hash.js';
import { ENDING_OPTIONS, LONG_EXAMPLE, OccurrenceFlags, SEPARATOR_OPTIONS } from './options.js';
import { codePointLength, detach } from './text.js';
import type { QualityCollector } from '../quality/collector.js';
import type { RemoteQualityCollector } from '../quality/remote-collector.js';

/** A row kept for a preview or for the token sample. */
export interface KeptRow {
  readonly position: number;
  readonly prompt: string;
  readonly completion: string;
}

const PREVIEW = 5;

function keep(position: number, prompt: string, completion: string): KeptRow {
  return { position, prompt: detach(prompt), completion: detach(completion) };
}

function keepRange(
  position: number,
  pText: string,
  pStart: number,
  pEnd: number,
  cText: string,
  cStart: number,
  cEnd: number,
): KeptRow {
  return keep(position, pText.slice(pStart, pEnd), cText.slice(cStart, cEnd));
}
export const TOKEN_SAMPLE = 2000;

/**
 * Pass 1 over the rows that survive the necessary fixes: only counters, digests and a few rows for
 * previews, never the table. Everything the checks of docs/prepare-checks.md need is derived from this.
 */
export class RowStats {
  rows = 0;
  allPromptsEmpty = true;
  readonly promptCase: [number, number] = [0, 0];
  readonly completionCase: [number, number] = [0, 0];
  readonly prompts = new AffixTracker();
  readonly completions = new AffixTracker();
  private readonly chars = newCharTable();
  readonly separators = new OccurrenceFlags(SEPARATOR_OPTIONS, this.chars, SEPARATOR_SIGN);
  readonly endings = new OccurrenceFlags(ENDING_OPTIONS, this.chars, ENDING_SIGN);
  /** Of the last row added: 1 when its prompt holds a control character (U+0000 to U+001F), 2 its
   * completion, 3 both. */
  controls = 0;
  private completionSet = new HashSet64();
  private pairSet = new HashSet64();
  private distinct = -1;
  readonly duplicates = new PositionList();
  readonly long = new PositionList(1000);
  readonly noLeadingSpace = new PositionList(1000);
  /** Completion counts while there are at most two distinct ones (the positive class needs them). */
  classes: Map<string, number> | null = new Map();
  readonly head: KeptRow[] = [];
  readonly previews = { duplicates: [] as KeptRow[], long: [] as KeptRow[], space: [] as KeptRow[] };
  /** A uniform sample (reservoir) of rows for the token estimate. */
  readonly sample: KeptRow[] = [];
  private readonly random = mulberry32(7);
  /** What the quality checks keep of each row, here or on their thread (null when they are off). */
  quality: QualityCollector | RemoteQualityCollector | null = null;

  add(position: number, prompt: string, completion: string): void {
    this.addRange(position, prompt, 0, prompt.length, completion, 0, completion.length);
  }

  /**
   * The same for a prompt and a completion given as ranges [start, end) of longer texts (the chunk
   * they were read in, see flat-line.ts): most rows are only hashed and counted, and a value is cut
   * into a string of its own only when one is kept or looked into.
   */
  addRange(
    position: number,
    pText: string,
    pStart: number,
    pEnd: number,
    cText: string,
    cStart: number,
    cEnd: number,
  ): void {
    const index = this.rows++;
    this.quality?.add(position, pText, pStart, pEnd, cText, cStart, cEnd);
    const pLength = pEnd - pStart;
    const cLength = cEnd - cStart;
    if (pLength > 0) this.allPromptsEmpty = false;
    this.prompts.add(pText, pStart, pEnd);
    this.completions.add(cText, cStart, cEnd);
    const pa = digest(pText, pStart, pEnd, 0, this.promptCase, this.chars);
    const pb = lane2;
    let controls = (signature & CONTROL) === 0 ? 0 : 1;
    // " ->" is never chosen once a prompt has a newline (docs/prepare-checks.md, the separator).
    if ((signature & NEWLINE) !== 0) this.separators.markSeen(0);
    this.separators.add(pText, pStart, pEnd, signature);
    const ca = digest(cText, cStart, cEnd, 0x5bd1e995, this.completionCase, this.chars);
    const cb = lane2;
    if ((signature & CONTROL) !== 0) controls |= 2;
    this.controls = controls;
    this.endings.add(cText, cStart, cEnd, signature);
    const isNewCompletion = this.completionSet.add(ca, cb);
    if (this.classes !== null) this.countClass(cText.slice(cStart, cEnd), isNewCompletion);
    // A row is cut out of its chunk (a copy) only when a preview takes it: a file with no duplicate
    // kept its duplicate preview open for good, and copying every row was a fifth of pass 1.
    let row: KeptRow | null = null;
    if (!this.pairSet.add((pa ^ Math.imul(ca, 0x9e3779b1)) >>> 0, (pb ^ Math.imul(cb, 0x85ebca77)) >>> 0)) {
      this.duplicates.push(position);
      if (this.previews.duplicates.length < PREVIEW) {
        row = keepRange(position, pText, pStart, pEnd, cText, cStart, cEnd);
        this.previews.duplicates.push(row);
      }
    }
    if (pLength + cLength > LONG_EXAMPLE) {
      const prompt = pText.slice(pStart, pEnd);
      const completion = cText.slice(cStart, cEnd);
      if (codePointLength(prompt) + codePointLength(completion) > LONG_EXAMPLE) {
        this.long.push(position);
        if (this.previews.long.length < PREVIEW) this.previews.long.push(keep(position, prompt, completion));
      }
    }
    if (cLength === 0 || cText.charCodeAt(cStart) !== 32) {
      this.noLeadingSpace.push(position);
      if (this.previews.space.length < PREVIEW) {
        row ??= keepRange(position, pText, pStart, pEnd, cText, cStart, cEnd);
        this.previews.space.push(row);
      }
    }
    if (index < PREVIEW) this.head.push(row ?? keepRange(position, pText, pStart, pEnd, cText, cStart, cEnd));
    this.keepForTokens(index, position, pText, pStart, pEnd, cText, cStart, cEnd);
  }

  /** About `rows` rows are coming (an estimate): the hash sets make room for them at once. */
  expect(rows: number): void {
    this.completionSet.reserve(rows);
    this.pairSet.reserve(rows);
    this.quality?.expect(rows);
  }

  get distinctCompletions(): number {
    return this.distinct >= 0 ? this.distinct : this.completionSet.size;
  }

  /** Drops the hash tables once the pass is over (tens of megabytes on big files). */
  release(): void {
    this.distinct = this.completionSet.size;
    this.completionSet = new HashSet64();
    this.pairSet = new HashSet64();
  }

  private countClass(completion: string, isNew: boolean): void {
    const classes = this.classes;
    if (classes === null) return;
    if (isNew && classes.size === 2) {
      this.classes = null;
      return;
    }
    const count = classes.get(completion);
    classes.set(count === undefined ? detach(completion) : completion, (count ?? 0) + 1);
  }

  private keepForTokens(
    index: number,
    position: number,
    pText: string,
    pStart: number,
    pEnd: number,
    cText: string,
    cStart: number,
    cEnd: number,
  ): void {
    if (index < TOKEN_SAMPLE) {
      this.sample.push(keepRange(position, pText, pStart, pEnd, cText, cStart, cEnd));
      return;
    }
    const slot = Math.floor(this.random() * (index + 1));
    if (slot < TOKEN_SAMPLE)
      this.sample[slot] = keepRange(position, pText, pStart, pEnd, cText, cStart, cEnd);
  }
}
