/**
 * numpy's legacy `RandomState(seed).permutation(n)`, reproduced exactly so that splits match the
 * reference tool's: MT19937 seeded with `init_genrand`, then Fisher–Yates from the end with each index
 * drawn by masked rejection sampling on 32-bit outputs.
 */
class MersenneTwister {
  private readonly mt = new Uint32Array(624);
  private index = 624;

  constructor(seed: number) {
    this.mt[0] = seed >>> 0;
    for (let i = 1; i < 624; i++) {
      const prev = this.mt[i - 1] ?? 0;
      const x = prev ^ (prev >>> 30);
      // 1812433253 * x + i, in 32-bit arithmetic without losing precision.
      this.mt[i] = ((((x & 0xffff0000) >>> 16) * 1812433253) << 16) + (x & 0x0000ffff) * 1812433253 + i;
    }
  }

  next(): number {
    const mt = this.mt;
    if (this.index >= 624) {
      for (let i = 0; i < 624; i++) {
        const y = ((mt[i] ?? 0) & 0x80000000) | ((mt[(i + 1) % 624] ?? 0) & 0x7fffffff);
        mt[i] = (mt[(i + 397) % 624] ?? 0) ^ (y >>> 1) ^ (y & 1 ? 0x9908b0df : 0);
      }
      this.index = 0;
    }
    let y = mt[this.index++] ?? 0;
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }
}

export function legacyPermutation(n: number, seed = 42): Uint32Array {
  const values = new Uint32Array(n);
  for (let i = 0; i < n; i++) values[i] = i;
  const rng = new MersenneTwister(seed);
  for (let i = n - 1; i >= 1; i--) {
    let mask = i;
    mask |= mask >>> 1;
    mask |= mask >>> 2;
    mask |= mask >>> 4;
    mask |= mask >>> 8;
    mask |= mask >>> 16;
    let j: number;
    do j = (rng.next() & mask) >>> 0;
    while (j > i);
    const t = values[i] ?? 0;
    values[i] = values[j] ?? 0;
    values[j] = t;
  }
  return values;
}

/** docs/prepare-checks.md, "Writing": `n_train = max(n − 1000, floor(0.8 n))`. */
export function trainCount(n: number): number {
  return Math.max(n - 1000, Math.floor(0.8 * n));
}

/** Indices of the training rows in permutation order, and of the validation rows in source order. */
export function splitIndices(n: number): { train: Uint32Array; valid: Uint32Array } {
  const perm = legacyPermutation(n);
  const nTrain = trainCount(n);
  return { train: perm.slice(0, nTrain), valid: perm.slice(nTrain).sort() };
}

/**
 * A stratified split (`--stratify`): every class with two examples or more keeps at least one for
 * training and puts at least one in validation, about the reference's share of each (20%, at most
 * 1,000 rows in all). Rows come from the same permutation as the reference's: the validation rows of a
 * class are its last ones in permutation order, so the split is as reproducible. Training rows in
 * permutation order, validation rows in source order, as `splitIndices`.
 */
export function stratifiedSplitIndices(classOf: ArrayLike<number>): {
  train: Uint32Array;
  valid: Uint32Array;
} {
  const n = classOf.length;
  const perm = legacyPermutation(n);
  const share = n === 0 ? 0 : (n - trainCount(n)) / n;
  const sizes = new Map<number, number>();
  for (let i = 0; i < n; i++) sizes.set(classOf[i] ?? 0, (sizes.get(classOf[i] ?? 0) ?? 0) + 1);
  const quota = new Map<number, number>();
  for (const [c, size] of sizes)
    quota.set(c, size < 2 ? 0 : Math.min(size - 1, Math.max(1, Math.round(size * share))));
  const inValid = new Uint8Array(n);
  let validCount = 0;
  for (let k = n - 1; k >= 0; k--) {
    const index = perm[k] ?? 0;
    const c = classOf[index] ?? 0;
    const left = quota.get(c) ?? 0;
    if (left === 0) continue;
    quota.set(c, left - 1);
    inValid[index] = 1;
    validCount++;
  }
  const train = new Uint32Array(n - validCount);
  const valid = new Uint32Array(validCount);
  let t = 0;
  for (const index of perm) if (inValid[index] === 0) train[t++] = index;
  let v = 0;
  for (let i = 0; i < n; i++) if (inValid[i] === 1) valid[v++] = i;
  return { train, valid };
}
