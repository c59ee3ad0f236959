/**
 * Hashed sparse features. The context (prompt, or the conversation before the assistant turn)
 * contributes lowercased unigrams and, for the larger base model, bigrams; the tokens generated so
 * far contribute the previous piece, the previous two pieces and the position. Every feature hashes
 * into one of `buckets` rows of the weight matrix.
 */
import { contextWords } from './pieces.js';

export interface FeatureSpec {
  readonly buckets: number;
  readonly bigrams: boolean;
}

export interface SparseFeatures {
  readonly index: Int32Array;
  readonly value: Float32Array;
}

/** FNV-1a, 32 bits: stable across runs and platforms, so saved weights stay meaningful. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

export function contextFeatures(spec: FeatureSpec, context: string): SparseFeatures {
  const words = contextWords(context);
  const keys = ['bias'];
  words.forEach((word, i) => {
    keys.push(`u|${word}`);
    if (spec.bigrams && i > 0) keys.push(`b|${words[i - 1] ?? ''}|${word}`);
  });
  // Scaling by 1/sqrt(n) keeps logits comparable between short and long prompts.
  const scale = 1 / Math.sqrt(keys.length);
  return {
    index: Int32Array.from(keys, (key) => hash(key) % spec.buckets),
    value: new Float32Array(keys.length).fill(scale),
  };
}

export function positionFeatures(
  spec: FeatureSpec,
  context: SparseFeatures,
  previous: readonly number[],
): SparseFeatures {
  const position = previous.length;
  const p1 = previous[position - 1] ?? -1;
  const p2 = previous[position - 2] ?? -1;
  const keys = [`p1|${p1}`, `p2|${p2}|${p1}`, `pos|${Math.min(position, 32)}`];
  const index = new Int32Array(context.index.length + keys.length);
  const value = new Float32Array(index.length);
  index.set(context.index);
  value.set(context.value);
  keys.forEach((key, i) => {
    index[context.index.length + i] = hash(key) % spec.buckets;
    value[context.index.length + i] = 1;
  });
  return { index, value };
}
