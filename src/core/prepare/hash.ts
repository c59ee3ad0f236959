/** Slots `reserve` allocates at most (8 bytes each): what a million entries need. */
const MAX_RESERVED = 1 << 21;

/** An open-addressing set of 64-bit hashes in typed arrays: 16 bytes a slot, no object per entry. */
export class HashSet64 {
  private keys = new Uint32Array(2 * 1024);
  private capacity = 1024;
  /** 32 minus log2(capacity): a slot is the top bits of the mixed key. */
  private shift = 22;
  size = 0;

  /** Adds (hi, lo); true when it was not there yet. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) lo = 1; // (0, 0) marks an empty slot
    if (2 * (this.size + 1) > this.capacity) this.grow();
    const mask = this.capacity - 1;
    // The top bits of a multiplicative mix of both halves: the low bits of `hi ^ lo * c` alone put
    // keys whose halves are related (hi = lo * c) all in one slot, and probing turned quadratic.
    let slot = Math.imul(hi ^ Math.imul(lo, 0x85ebca6b), 0x9e3779b1) >>> this.shift;
    for (;;) {
      const k = 2 * slot;
      const h = this.keys[k] ?? 0;
      const l = this.keys[k + 1] ?? 0;
      if (h === 0 && l === 0) {
        this.keys[k] = hi;
        this.keys[k + 1] = lo;
        this.size++;
        return true;
      }
      if (h === hi >>> 0 && l === lo >>> 0) return false;
      slot = (slot + 1) & mask;
    }
  }

  /**
   * Makes room for about `entries` entries at once (each doubling rehashes every entry), up to
   * `MAX_RESERVED` slots: an estimate made from the first rows may be far off, and beyond that size
   * the set grows only as entries really arrive.
   */
  reserve(entries: number): void {
    let capacity = this.capacity;
    while (capacity < MAX_RESERVED && 2 * entries > capacity) capacity *= 2;
    if (capacity > this.capacity) this.grow(capacity);
  }

  private grow(capacity = 2 * this.capacity): void {
    const old = this.keys;
    this.capacity = capacity;
    this.shift = 32 - Math.log2(capacity);
    this.keys = new Uint32Array(2 * this.capacity);
    this.size = 0;
    for (let k = 0; k < old.length; k += 2) {
      const h = old[k] ?? 0;
      const l = old[k + 1] ?? 0;
      if (h !== 0 || l !== 0) this.add(h, l);
    }
  }
}

/**
 * A growable list of source positions (ascending when added in reading order). With `keep`, only the
 * first `keep` positions are stored (a finding lists at most 1,000) while `length` counts them all.
 */
export class PositionList {
  private data = new Uint32Array(256);
  length = 0;

  constructor(private readonly keep = Infinity) {}

  push(position: number): void {
    if (this.length >= this.keep) {
      this.length++;
      return;
    }
    if (this.length === this.data.length) {
      const next = new Uint32Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = position;
  }

  at(index: number): number {
    return this.data[index] ?? 0;
  }

  /** The first `max` positions, for a finding. */
  first(max = 1000): number[] {
    return Array.from(this.data.subarray(0, Math.min(max, this.length, this.keep)));
  }
}

/** Deterministic 32-bit PRNG (mulberry32) for reproducible sampling. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
