/**
 * Distributions of per-example token counts, kept as one number per example in growable typed arrays
 * so that a million examples cost a few megabytes, not a million objects.
 */
export interface Distribution {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  /** 10th percentile (linear interpolation between closest ranks, as numpy's default). */
  readonly p10: number;
  /** 90th percentile (same definition). */
  readonly p90: number;
}

export interface Histogram {
  /** `counts.length + 1` bin edges; bin i holds values in [edges[i], edges[i+1]), the last bin is closed. */
  readonly edges: number[];
  readonly counts: number[];
}

export interface TokenStats {
  readonly examples: number;
  /** Total tokens over all examples. */
  readonly sum: number;
  readonly total: Distribution;
  readonly assistant?: Distribution;
  readonly messages?: Distribution;
  readonly histogram: Histogram;
  /** Σ min(limit, tokens) per example: what training bills per epoch when longer examples are cut. */
  readonly billable?: { readonly limit: number; readonly sum: number };
}

const EMPTY: Distribution = { min: 0, max: 0, mean: 0, median: 0, p10: 0, p90: 0 };

/**
 * Percentile `q` (0–100) of ascending `sorted` values: the value at rank (n − 1)·q/100, interpolating
 * linearly between the two closest ranks (numpy's default, which the cookbook's statistics use).
 */
export function percentile(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return 0;
  const rank = ((n - 1) * q) / 100;
  const lo = Math.floor(rank);
  const hi = Math.min(n - 1, lo + 1);
  const a = sorted[lo] ?? 0;
  const b = sorted[hi] ?? 0;
  return a + (b - a) * (rank - lo);
}

export function distribution(values: ArrayLike<number>): Distribution {
  const n = values.length;
  if (n === 0) return EMPTY;
  const sorted = Float64Array.from(values).sort();
  let sum = 0;
  for (let i = 0; i < n; i++) sum += sorted[i] ?? 0;
  return {
    min: sorted[0] ?? 0,
    max: sorted[n - 1] ?? 0,
    mean: sum / n,
    median: percentile(sorted, 50),
    p10: percentile(sorted, 10),
    p90: percentile(sorted, 90),
  };
}

/** Equal-width bins over [min, max] with whole-number edges; one bin when all values are equal. */
export function histogram(values: ArrayLike<number>, bins = 20): Histogram {
  const n = values.length;
  if (n === 0) return { edges: [], counts: [] };
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < n; i++) {
    const v = values[i] ?? 0;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const span = max - min;
  const width = Math.max(1, Math.ceil(span / bins));
  const count = span === 0 ? 1 : Math.ceil(span / width);
  const edges = Array.from({ length: count + 1 }, (_, i) => min + i * width);
  const counts = new Array<number>(count).fill(0);
  for (let i = 0; i < n; i++) {
    const bin = Math.min(count - 1, Math.floor(((values[i] ?? 0) - min) / width));
    counts[bin] = (counts[bin] ?? 0) + 1;
  }
  return { edges, counts };
}

class GrowableArray {
  private data = new Float64Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.data.length) {
      const next = new Float64Array(this.data.length * 2);
      next.set(this.data);
      this.data = next;
    }
    this.data[this.length++] = value;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
}

export interface ExampleTokenCounts {
  readonly total: number;
  readonly assistant?: number;
  readonly messages?: number;
}

export class TokenStatsAccumulator {
  private readonly totals = new GrowableArray();
  private readonly assistant = new GrowableArray();
  private readonly messages = new GrowableArray();
  private sum = 0;

  add(counts: ExampleTokenCounts | number): void {
    const c = typeof counts === 'number' ? { total: counts } : counts;
    this.totals.push(c.total);
    this.sum += c.total;
    if (c.assistant !== undefined) this.assistant.push(c.assistant);
    if (c.messages !== undefined) this.messages.push(c.messages);
  }

  get examples(): number {
    return this.totals.length;
  }

  /** The per-example totals, in the order they were added (valid until the next `add`). */
  values(): Float64Array {
    return this.totals.view();
  }

  result(options: { readonly bins?: number; readonly limit?: number } = {}): TokenStats {
    const totals = this.totals.view();
    const { bins = 20, limit } = options;
    let billable = 0;
    if (limit !== undefined) for (const t of totals) billable += Math.min(limit, t);
    return {
      examples: totals.length,
      sum: this.sum,
      total: distribution(totals),
      ...(this.assistant.length > 0 ? { assistant: distribution(this.assistant.view()) } : {}),
      ...(this.messages.length > 0 ? { messages: distribution(this.messages.view()) } : {}),
      histogram: histogram(totals, bins),
      ...(limit === undefined ? {} : { billable: { limit, sum: billable } }),
    };
  }
}
