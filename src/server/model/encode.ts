/** Turns examples into the sparse feature rows and target ids the trainer consumes. */
import type { Example } from './dataset.js';
import { contextFeatures, positionFeatures, type SparseFeatures } from './features.js';
import { countPieces, END, splitPieces, type Vocabulary } from './pieces.js';

export interface EncodedExample {
  readonly positions: readonly SparseFeatures[];
  readonly targets: Int32Array;
  /** Pieces of context and target: what `trained_tokens` counts. */
  readonly tokens: number;
}

/** The vocabulary is drawn from the training completions (added to a continued model's). */
export function growVocabulary(vocab: Vocabulary, examples: readonly Example[]): Vocabulary {
  for (const example of examples) for (const piece of splitPieces(example.target)) vocab.add(piece);
  return vocab;
}

export function encodeExamples(
  spec: { buckets: number; bigrams: boolean },
  vocab: Vocabulary,
  examples: readonly Example[],
): EncodedExample[] {
  return examples.map((example) => {
    const context = contextFeatures(spec, example.context);
    const ids = [...splitPieces(example.target).map((piece) => vocab.id(piece)), END];
    const positions = ids.map((_, k) => positionFeatures(spec, context, ids.slice(0, k)));
    return {
      positions,
      targets: Int32Array.from(ids),
      tokens: countPieces(example.context) + ids.length,
    };
  });
}
