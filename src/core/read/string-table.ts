import { isAscii } from 'node:buffer';

/**
 * The shared strings of a workbook, kept as a few large blocks and the offsets of each item in them.
 * Held as one JS string per item, 400,000 strings sat in the old generation for the whole read and the
 * garbage collector walked them on every full collection (40 % of the read's time on a 200k-row file);
 * a few megabyte-sized blocks cost it nothing. `get` cuts the item out when a cell asks for it.
 *
 * Two kinds of block: the part's own inflated UTF-8 bytes (`addBytes`), whose plain items are only
 * pointed at (`addSpan`) and decoded when asked for — turning each megabyte into one large string first
 * cost more than all the small decodes of three passes, mostly in the collector; and string blocks
 * joined from items that had to be decoded first (`add`: entities, escapes, rich-text runs).
 */
const BLOCK = 1 << 20;

export class StringTable {
  private readonly blocks: Array<string | Buffer> = [];
  /** Per byte block: whether it is all ASCII (then decoded as Latin-1, which is faster). */
  private readonly ascii: boolean[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  /** Where the pending items' block goes in `blocks` (reserved when the first one arrives). */
  private pendingBlock = -1;
  /** Per item: block index, start and end in that block. */
  private spans = new Uint32Array(3 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** An item given as its text. */
  add(text: string): void {
    if (this.pendingLength + text.length > BLOCK && this.pending.length > 0) this.seal();
    if (this.pendingBlock === -1) {
      this.pendingBlock = this.blocks.length;
      this.blocks.push('');
    }
    this.push(this.pendingBlock, this.pendingLength, this.pendingLength + text.length);
    this.pending.push(text);
    this.pendingLength += text.length;
  }

  /**
   * Keeps `bytes` (a piece of the part as inflated, UTF-8, cut between characters) for `addSpan`;
   * returns its block number. The table holds the buffer as it is: the caller must not change it.
   */
  addBytes(bytes: Buffer): number {
    this.blocks.push(bytes);
    this.ascii[this.blocks.length - 1] = isAscii(bytes);
    return this.blocks.length - 1;
  }

  /** An item that is the text of `block` from byte `start` to byte `end`, as it stands. */
  addSpan(block: number, start: number, end: number): void {
    this.push(block, start, end);
  }

  /** Call once every item is added. */
  finish(): this {
    if (this.pending.length > 0) this.seal();
    return this;
  }

  /** The item at `index`, or undefined past the end. */
  get(index: number): string | undefined {
    if (!(Number.isInteger(index) && index >= 0 && index < this.count)) return undefined;
    const at = 3 * index;
    const number = this.spans[at] as number;
    const block = this.blocks[number] as string | Buffer;
    const start = this.spans[at + 1];
    const end = this.spans[at + 2];
    if (typeof block === 'string') return block.slice(start, end);
    return block.toString(this.ascii[number] === true ? 'latin1' : 'utf8', start, end);
  }

  private push(block: number, start: number, end: number): void {
    if (this.spans.length < 3 * (this.count + 1)) {
      const grown = new Uint32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    const at = 3 * this.count++;
    this.spans[at] = block;
    this.spans[at + 1] = start;
    this.spans[at + 2] = end;
  }

  private seal(): void {
    this.blocks[this.pendingBlock] = this.pending.join('');
    this.pending = [];
    this.pendingLength = 0;
    this.pendingBlock = -1;
  }
}
