/**
 * Numbers for 53-bit keys (the collector's label keys), first seen first: an open-addressing table of
 * typed arrays. A `Map` held generation data's one key per row as boxed numbers in the heap (about 60 MB
 * for 800k rows, most of the quality checks' memory there); this holds 12 bytes a slot.
 */
export class KeyIds {
  private keys = new Float64Array(1024);
  private ids = new Int32Array(1024).fill(-1);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** The number of `key`, or −1 when it was never given one. */
  find(key: number): number {
    const mask = this.ids.length - 1;
    let slot = slotOf(key, mask);
    for (;;) {
      const id = this.ids[slot] as number;
      if (id === -1 || this.keys[slot] === key) return id;
      slot = (slot + 1) & mask;
    }
  }

  /** The number of `key`, given the next free one the first time it is seen. */
  idOf(key: number): number {
    if (2 * (this.count + 1) > this.ids.length) this.grow();
    const mask = this.ids.length - 1;
    let slot = slotOf(key, mask);
    for (;;) {
      const id = this.ids[slot] as number;
      if (id === -1) {
        this.keys[slot] = key;
        this.ids[slot] = this.count;
        return this.count++;
      }
      if (this.keys[slot] === key) return id;
      slot = (slot + 1) & mask;
    }
  }

  private grow(): void {
    const keys = this.keys;
    const ids = this.ids;
    this.keys = new Float64Array(keys.length * 2);
    this.ids = new Int32Array(ids.length * 2).fill(-1);
    const mask = this.ids.length - 1;
    for (let i = 0; i < ids.length; i++) {
      const id = ids[i] as number;
      if (id === -1) continue;
      let slot = slotOf(keys[i] as number, mask);
      while (this.ids[slot] !== -1) slot = (slot + 1) & mask;
      this.keys[slot] = keys[i] as number;
      this.ids[slot] = id;
    }
  }
}

/** A slot from the key's low and high bits mixed (keys are hashes, but their parts differ in quality). */
function slotOf(key: number, mask: number): number {
  const low = key % 0x200000;
  const high = Math.floor(key / 0x200000);
  return (Math.imul(high ^ Math.imul(low, 0x9e3779b1), 0x85ebca6b) >>> 0) & mask;
}
