/**
 * The shared strings of a workbook, kept as a few large strings and the offsets of each item in them.
 * Held as one JS string per item, 400,000 strings sat in the old generation for the whole read and the
 * garbage collector walked them on every full collection (40 % of the read's time on a 200k-row file);
 * a few megabyte-sized blocks cost it nothing. `get` cuts the item out when a cell asks for it.
 */
const BLOCK = 1 << 20;

export class StringTable {
  private readonly blocks: string[] = [];
  private pending: string[] = [];
  private pendingLength = 0;
  /** Per item: block index, start and end in that block. */
  private spans = new Uint32Array(3 * 1024);
  private count = 0;

  get size(): number {
    return this.count;
  }

  add(text: string): void {
    if (this.pendingLength + text.length > BLOCK && this.pending.length > 0) this.seal();
    if (this.spans.length < 3 * (this.count + 1)) {
      const grown = new Uint32Array(this.spans.length * 2);
      grown.set(this.spans);
      this.spans = grown;
    }
    const at = 3 * this.count++;
    this.spans[at] = this.blocks.length;
    this.spans[at + 1] = this.pendingLength;
    this.spans[at + 2] = this.pendingLength + text.length;
    this.pending.push(text);
    this.pendingLength += text.length;
  }

  /** Call once every item is added. */
  finish(): this {
    if (this.pending.length > 0) this.seal();
    return this;
  }

  /** The item at `index`, or undefined past the end. */
  get(index: number): string | undefined {
    if (!(index >= 0 && index < this.count)) return undefined;
    const at = 3 * index;
    return (this.blocks[this.spans[at] as number] as string).slice(this.spans[at + 1], this.spans[at + 2]);
  }

  private seal(): void {
    this.blocks.push(this.pending.join(''));
    this.pending = [];
    this.pendingLength = 0;
  }
}
