import { detach } from '../prepare/text.js';
import { KeyIds } from './key-ids.js';
import { decodeWords, WordCodes } from './word-codes.js';
import { MAX_WORDS, sequenceHash, sequenceHash2, trimmedKey, wordsOf } from './words.js';

/**
 * Labels numbered and named at most: enough for any classification the checks look into. Past them
 * (generation data: an answer per row) a label's number is a hash of its text, from LABEL_HASHED on:
 * the checks only ask whether two rows' labels are equal, and a table of every answer of a million
 * rows took 25 MB, the biggest part of the checks' memory on such a file. Two answers of one
 * near-duplicate group share a hash one time in two billion.
 */
export const MAX_LABEL_TEXTS = 5000;
const LABEL_HASHED = MAX_LABEL_TEXTS;

/** A typed array that grows by half as it fills (doubling a big one held three times its size at once). */
class Grow<T extends Uint32Array | Uint8Array | Int32Array | Float64Array> {
  length = 0;
  constructor(
    public data: T,
    private readonly make: (size: number) => T,
  ) {}

  push(value: number): void {
    if (this.length === this.data.length) this.reserve(this.length + 1);
    this.data[this.length++] = value;
  }

  /** Room for `size` entries in all. */
  reserve(size: number): void {
    if (size <= this.data.length) return;
    const next = this.make(Math.max(size, Math.ceil(this.data.length * 1.5)));
    next.set(this.data);
    this.data = next;
  }

  view(): T {
    return this.data.subarray(0, this.length) as T;
  }
}

/** What pass 1 keeps of every row for the quality checks: no text, a byte or two a word. */
export interface QualityRows {
  readonly rows: number;
  /** Source position of each row (after the necessary fixes; in reading order). */
  readonly positions: Uint32Array;
  /** Row i's words are coded in words[wordStart[i], wordStart[i + 1]) (word-codes.ts; see `rowWords`). */
  readonly wordStart: Uint32Array;
  readonly words: Uint8Array;
  /** The codes' word hashes. */
  readonly vocabulary: Uint16Array;
  /** Words of all rows. */
  readonly wordCount: number;
  /** A key of each row's whole normalised prompt (equal keys: equal after normalising). */
  readonly promptKey: Float64Array;
  /** Each row's label: an index into `labels` (completions compared without surrounding whitespace). */
  readonly label: Int32Array;
  /** Label texts as first seen, the first MAX_LABEL_TEXTS (later labels are named `label #N`). */
  readonly labels: ReadonlyArray<string | null>;
}

/** One row's words at a time, as `wordsOf` gives them and `rowWords` reads them back. */
const scratch = new Uint16Array(MAX_WORDS);

/** Row i's word hashes into `out` (room for MAX_WORDS); returns how many. */
export function rowWords(data: QualityRows, i: number, out: Uint16Array): number {
  const { wordStart } = data;
  return decodeWords(data.words, wordStart[i] as number, wordStart[i + 1] as number, data.vocabulary, out);
}

/** Fed by pass 1 (core/prepare/stats.ts) with each kept row. */
export class QualityCollector {
  private readonly positions = new Grow(new Uint32Array(1024), (n) => new Uint32Array(n));
  private readonly wordStart = new Grow(new Uint32Array(1025), (n) => new Uint32Array(n));
  private readonly words = new Grow(new Uint8Array(32 * 1024), (n) => new Uint8Array(n));
  private wordCount = 0;
  private readonly promptKey = new Grow(new Float64Array(1024), (n) => new Float64Array(n));
  private readonly label = new Grow(new Int32Array(1024), (n) => new Int32Array(n));
  private readonly labelIds = new KeyIds();
  private readonly labels: Array<string | null> = [];

  /** `codes`: shared by collectors whose rows are searched together (a training and a validation file). */
  constructor(private readonly codes = new WordCodes()) {
    this.wordStart.push(0);
  }

  /**
   * About `rows` rows are coming: room for them at once, and for their words at the rate of the rows
   * so far, and a tenth more: later words take more bytes (the words are most of what the checks keep:
   * 35 MB for 800k rows of tickets), and growing by half would hold both copies at once.
   */
  expect(rows: number): void {
    this.positions.reserve(rows);
    this.wordStart.reserve(rows + 1);
    this.promptKey.reserve(rows);
    this.label.reserve(rows);
    const seen = this.positions.length;
    if (seen > 0) this.words.reserve(Math.ceil((rows * this.words.length * 1.1) / seen) + 3 * MAX_WORDS);
  }

  add(
    position: number,
    pText: string,
    pStart: number,
    pEnd: number,
    cText: string,
    cStart: number,
    cEnd: number,
  ): void {
    this.positions.push(position);
    const words = this.words;
    const m = wordsOf(pText, pStart, pEnd, scratch, 0);
    words.reserve(words.length + 3 * m);
    words.length = this.codes.encode(scratch, m, words.data, words.length);
    this.wordCount += m;
    this.wordStart.push(words.length);
    this.promptKey.push((sequenceHash >>> 0) * 0x200000 + (sequenceHash2 & 0x1fffff));
    const key = trimmedKey(cText, cStart, cEnd);
    let id = this.labelIds.size < MAX_LABEL_TEXTS ? this.labelIds.idOf(key) : this.labelIds.find(key);
    if (id === -1) id = LABEL_HASHED + ((key % 0x7fffffff) % (0x7fffffff - LABEL_HASHED));
    else if (id === this.labels.length) this.labels.push(detach(cText.slice(cStart, cEnd)));
    this.label.push(id);
  }

  result(): QualityRows {
    return {
      rows: this.positions.length,
      positions: this.positions.view(),
      wordStart: this.wordStart.view(),
      words: this.words.view(),
      vocabulary: this.codes.vocabulary,
      wordCount: this.wordCount,
      promptKey: this.promptKey.view(),
      label: this.label.view(),
      labels: this.labels,
    };
  }
}
