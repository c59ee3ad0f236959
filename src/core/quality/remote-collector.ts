import { QualityCollector, type QualityRows } from './collector.js';

/**
 * Pass 1's rows for the quality checks, read on the checks' own thread instead of pass 1's: reading
 * each prompt's words (a hash per character, a code per word) was most of what the checks added to
 * `prepare --yes` on a big file, on the thread that reads the file. The rows go in batches of ranges
 * into the texts they were read from (the chunk of the file, mostly: each chunk is copied to the
 * thread once), and the thread feeds them to a `QualityCollector` there, in order: what it collects is
 * what the collector would have collected here.
 */

/** The texts a batch's ranges point into, and per row: position and [text, start, end] of each value. */
export interface RowBatch {
  readonly texts: string[];
  readonly positions: Uint32Array;
  /** Six numbers a row: prompt text index, start, end, then the completion's. */
  readonly ranges: Uint32Array;
  readonly rows: number;
}

/** What the collector sends to the thread, in order. */
export type CollectMessage =
  | { readonly batch: RowBatch }
  | { readonly expect: number }
  | { readonly reset: true }
  /** The rows collected, sent back (moved) for checks that run where pass 1 ran. */
  | { readonly send: true };

/** Where the batches go: the checks' thread (a worker's port). */
export interface BatchPort {
  postMessage(message: CollectMessage, transfer?: ArrayBuffer[]): void;
}

/** Rows a batch holds at most when they are not ranges of a chunk (a string per cell). */
const BATCH_ROWS = 4096;
/** A text this long is a chunk of the file (or most of one): a batch holds one. */
const LONG_TEXT = 64 * 1024;

/** The `QualityCollector` of pass 1 (core/prepare/stats.ts), its rows sent to another thread. */
export class RemoteQualityCollector {
  private texts: string[] = [];
  private positions = new Uint32Array(BATCH_ROWS);
  private ranges = new Uint32Array(BATCH_ROWS * 6);
  private rows = 0;
  private lastText: string | null = null;
  private lastIndex = -1;
  /** Whether the batch holds a long text (a chunk of the file). */
  private holdsLong = false;

  constructor(private readonly port: BatchPort) {}

  add(
    position: number,
    pText: string,
    pStart: number,
    pEnd: number,
    cText: string,
    cStart: number,
    cEnd: number,
  ): void {
    // A new chunk of the file starts a new batch: each chunk goes over once.
    if (pText !== this.lastText && pText.length >= LONG_TEXT && this.holdsLong) this.flush();
    const p = this.indexOf(pText);
    const c = this.indexOf(cText);
    // Rows of one chunk stay in one batch, however many (short rows: a hundred thousand a megabyte).
    if (this.rows === this.positions.length) this.grow();
    const at = this.rows * 6;
    const ranges = this.ranges;
    this.positions[this.rows] = position;
    ranges[at] = p;
    ranges[at + 1] = pStart;
    ranges[at + 2] = pEnd;
    ranges[at + 3] = c;
    ranges[at + 4] = cStart;
    ranges[at + 5] = cEnd;
    if (++this.rows >= BATCH_ROWS && !this.holdsLong) this.flush();
  }

  expect(rows: number): void {
    this.flush();
    this.port.postMessage({ expect: rows });
  }

  /** Pass 1 starts again (other columns): what was sent is forgotten there. */
  reset(): void {
    this.drop();
    this.port.postMessage({ reset: true });
  }

  /** Sends the rows not sent yet: call once pass 1 is done. */
  flush(): void {
    if (this.rows === 0) return;
    // Copies of the rows' part of the arrays, moved to the thread (these are filled again).
    const positions = this.positions.slice(0, this.rows);
    const ranges = this.ranges.slice(0, this.rows * 6);
    const batch: RowBatch = { texts: this.texts, positions, ranges, rows: this.rows };
    this.port.postMessage({ batch }, [positions.buffer, ranges.buffer]);
    this.drop();
  }

  private grow(): void {
    const positions = new Uint32Array(this.positions.length * 2);
    positions.set(this.positions);
    const ranges = new Uint32Array(this.ranges.length * 2);
    ranges.set(this.ranges);
    this.positions = positions;
    this.ranges = ranges;
  }

  private drop(): void {
    this.texts = [];
    this.rows = 0;
    this.lastText = null;
    this.lastIndex = -1;
    this.holdsLong = false;
  }

  /** The index of `text` in this batch's texts, added when it is not the last one added. */
  private indexOf(text: string): number {
    // The same chunk for row after row: the same string, which `===` tells by reference first.
    if (text === this.lastText) return this.lastIndex;
    if (text.length >= LONG_TEXT) this.holdsLong = true;
    this.texts.push(text);
    this.lastText = text;
    this.lastIndex = this.texts.length - 1;
    return this.lastIndex;
  }
}

/** On the checks' thread: the collector the batches fill, as each message arrives. */
export class CollectingEnd {
  collector = new QualityCollector();

  /** What to send back, if anything: the rows collected and the memory behind them (to move). */
  receive(message: CollectMessage): { readonly rows: QualityRows; readonly transfer: ArrayBuffer[] } | null {
    if ('send' in message) {
      const rows = this.collector.result();
      return { rows, transfer: buffersOf(rows) };
    }
    if ('reset' in message) this.collector = new QualityCollector();
    else if ('expect' in message) this.collector.expect(message.expect);
    else addBatch(this.collector, message.batch);
    return null;
  }
}

/** The memory behind the rows' arrays, each once (a transfer list names a buffer at most once). */
export function buffersOf(data: QualityRows): ArrayBuffer[] {
  const arrays = [data.positions, data.wordStart, data.words, data.vocabulary, data.promptKey, data.label];
  return [...new Set(arrays.map((a) => a.buffer))].filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
}

function addBatch(collector: QualityCollector, batch: RowBatch): void {
  const { texts, positions, ranges } = batch;
  for (let i = 0; i < batch.rows; i++) {
    const at = i * 6;
    collector.add(
      positions[i] as number,
      texts[ranges[at] as number] as string,
      ranges[at + 1] as number,
      ranges[at + 2] as number,
      texts[ranges[at + 3] as number] as string,
      ranges[at + 4] as number,
      ranges[at + 5] as number,
    );
  }
}
