/**
 * Decoding from the trained weights: greedy at temperature 0, otherwise sampling from the
 * tempered softmax restricted to the top-p nucleus. `stop` is applied by the caller on the text.
 */
import { contextFeatures, positionFeatures } from './features.js';
import { END, UNK } from './pieces.js';
import type { SoftmaxModel } from './softmax-model.js';
import { argmax } from './trainer.js';

export interface DecodeOptions {
  readonly maxTokens: number;
  readonly temperature: number;
  readonly topP: number;
  readonly random: () => number;
  /** How many alternatives to report with each piece's log probability; undefined: none at all. */
  readonly topLogprobs?: number | undefined;
}

export interface TokenLogprob {
  readonly token: string;
  readonly logprob: number;
}

/** A generated piece, with its log probability and the likeliest alternatives when asked. */
export interface DecodedPiece {
  readonly text: string;
  readonly logprob?: number;
  readonly top?: readonly TokenLogprob[];
}

/** How the end piece is named among alternatives, as the API names its end-of-text token. */
export const END_TOKEN = '<|endoftext|>';

/** Pieces one at a time, so a streamed reply stops being computed when its client goes away. */
export function* decodePieces(
  model: SoftmaxModel,
  context: string,
  options: DecodeOptions,
): Generator<DecodedPiece, 'stop' | 'length'> {
  const ctx = contextFeatures(model.spec, context);
  const ids: number[] = [];
  const probs = new Float64Array(model.width);
  const plain = new Float64Array(model.width);
  while (ids.length < options.maxTokens) {
    const features = positionFeatures(model.spec, ctx, ids);
    model.probabilities(features, probs, Math.max(options.temperature, 1e-3));
    probs[UNK] = 0; // never emit the stand-in for unknown pieces
    const next = options.temperature === 0 ? argmax(probs) : sample(probs, options);
    if (next === END) return 'stop';
    ids.push(next);
    const text = model.vocab.pieces[next] ?? '';
    if (options.topLogprobs === undefined) {
      yield { text };
      continue;
    }
    // The model's own distribution (temperature 1, without the unknown piece it never emits).
    model.probabilities(features, plain);
    const rest = 1 - (plain[UNK] ?? 0);
    plain[UNK] = 0;
    const name = (id: number) => (id === END ? END_TOKEN : (model.vocab.pieces[id] ?? ''));
    const order = Array.from(plain.keys())
      .sort((a, b) => (plain[b] ?? 0) - (plain[a] ?? 0))
      .slice(0, options.topLogprobs);
    const logOf = (id: number) => Math.log(Math.max((plain[id] ?? 0) / rest, 1e-300));
    yield { text, logprob: logOf(next), top: order.map((id) => ({ token: name(id), logprob: logOf(id) })) };
  }
  return 'length';
}

function sample(probs: Float64Array, options: DecodeOptions): number {
  const order = Array.from(probs.keys()).sort((a, b) => (probs[b] ?? 0) - (probs[a] ?? 0));
  const total = order.reduce((sum, id) => sum + (probs[id] ?? 0), 0);
  const nucleus: number[] = [];
  let mass = 0;
  for (const id of order) {
    nucleus.push(id);
    mass += (probs[id] ?? 0) / total;
    if (mass >= options.topP) break;
  }
  const nucleusMass = nucleus.reduce((sum, id) => sum + (probs[id] ?? 0), 0);
  let r = options.random() * nucleusMass;
  for (const id of nucleus) {
    r -= probs[id] ?? 0;
    if (r <= 0) return id;
  }
  return nucleus[nucleus.length - 1] ?? END;
}
