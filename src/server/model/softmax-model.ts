/**
 * Next-piece softmax regression over sparse hashed features: logits = b + Σ value_f · W[f].
 * W is feature-major (one row of `vocab.size` floats per bucket) so a sparse example touches
 * only the rows of its active features, both when predicting and when updating.
 */
import type { FeatureSpec, SparseFeatures } from './features.js';
import type { Vocabulary } from './pieces.js';

export class SoftmaxModel {
  readonly weights: Float32Array;
  readonly bias: Float32Array;

  constructor(
    readonly spec: FeatureSpec,
    readonly vocab: Vocabulary,
    weights?: Float32Array,
    bias?: Float32Array,
  ) {
    this.weights = weights ?? new Float32Array(spec.buckets * vocab.size);
    this.bias = bias ?? new Float32Array(vocab.size);
  }

  get width(): number {
    return this.vocab.size;
  }

  /** Writes the softmax probabilities into `out` (length = vocabulary size). */
  probabilities(features: SparseFeatures, out: Float64Array, temperature = 1): Float64Array {
    const width = this.width;
    for (let v = 0; v < width; v++) out[v] = this.bias[v] ?? 0;
    for (let i = 0; i < features.index.length; i++) {
      const row = (features.index[i] ?? 0) * width;
      const value = features.value[i] ?? 0;
      for (let v = 0; v < width; v++) out[v] = (out[v] ?? 0) + value * (this.weights[row + v] ?? 0);
    }
    let max = -Infinity;
    for (let v = 0; v < width; v++) max = Math.max(max, (out[v] ?? 0) / temperature);
    let sum = 0;
    for (let v = 0; v < width; v++) {
      const e = Math.exp((out[v] ?? 0) / temperature - max);
      out[v] = e;
      sum += e;
    }
    for (let v = 0; v < width; v++) out[v] = (out[v] ?? 0) / sum;
    return out;
  }

  /** A copy whose vocabulary may be larger (continued training adds the new data's pieces). */
  widened(vocab: Vocabulary): SoftmaxModel {
    const wider = new SoftmaxModel(this.spec, vocab);
    const oldWidth = this.width;
    for (let f = 0; f < this.spec.buckets; f++) {
      wider.weights.set(this.weights.subarray(f * oldWidth, (f + 1) * oldWidth), f * vocab.size);
    }
    wider.bias.set(this.bias);
    return wider;
  }
}

/** Bucket count for a vocabulary: at most `maxBuckets`, and about 4M weights in all. */
export function bucketsFor(maxBuckets: number, vocabSize: number): number {
  let buckets = maxBuckets;
  while (buckets > 1024 && buckets * vocabSize > 1 << 22) buckets >>= 1;
  return buckets;
}
