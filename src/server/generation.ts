/**
 * One completion from a model, piece by piece: decoded from the trained weights (or the base
 * model's fixed reply) and cut at the first stop sequence. Streaming sends each piece as a chunk
 * as it comes; a piece is held back only while its end could still begin a stop sequence.
 */
import { baseReply } from './model/base-models.js';
import { decodePieces, type DecodedPiece } from './model/generate.js';
import { countPieces, splitPieces } from './model/pieces.js';
import { seededRandom } from './model/random.js';
import type { Resolved } from './models.js';

export interface GenerationOptions {
  readonly maxTokens: number;
  readonly temperature: number;
  readonly topP: number;
  readonly seed: number | undefined;
  readonly stop: readonly string[];
  /** Alternatives per piece for `logprobs`; undefined when no log probabilities are asked. */
  readonly topLogprobs?: number | undefined;
}

export type { DecodedPiece };

export interface Finish {
  readonly finish: 'stop' | 'length';
  /** Pieces generated, including any that completed a stop sequence. */
  readonly completionTokens: number;
}

export interface Generated extends Finish {
  readonly pieces: DecodedPiece[];
  readonly text: string;
}

/** An untrained base model's fixed reply: each piece certain, so its log probability is 0. */
function* basePieces(id: string, options: GenerationOptions): Generator<DecodedPiece, 'stop' | 'length'> {
  const reply = splitPieces(baseReply(id));
  for (const text of reply.slice(0, options.maxTokens)) {
    yield options.topLogprobs === undefined
      ? { text }
      : { text, logprob: 0, top: options.topLogprobs > 0 ? [{ token: text, logprob: 0 }] : [] };
  }
  return options.maxTokens < reply.length ? 'length' : 'stop';
}

export function* generatePieces(
  model: Resolved,
  context: string,
  options: GenerationOptions,
  choice = 0,
): Generator<DecodedPiece, Finish> {
  const random = options.seed === undefined ? Math.random : seededRandom(options.seed + choice);
  const source =
    model.kind === 'base'
      ? basePieces(model.id, options)
      : decodePieces(model.model, context, { ...options, random });
  const hold = Math.max(0, ...options.stop.map((s) => s.length - 1));
  let full = '';
  let sent = 0; // characters of `full` already yielded
  const pending: DecodedPiece[] = [];
  let count = 0;
  for (let step = source.next(); ; step = source.next()) {
    if (step.done) {
      yield* pending;
      return { finish: step.value, completionTokens: count };
    }
    count += 1;
    full += step.value.text;
    pending.push(step.value);
    const cut = Math.min(...options.stop.map((s) => full.indexOf(s)).filter((i) => i >= 0));
    if (Number.isFinite(cut)) {
      for (const piece of pending) {
        if (sent >= cut) break;
        // A piece cut by the stop sequence keeps its log probability: it is what the model chose.
        yield { ...piece, text: piece.text.slice(0, cut - sent) };
        sent += piece.text.length;
      }
      return { finish: 'stop', completionTokens: count };
    }
    while (pending[0] !== undefined && sent + pending[0].text.length <= full.length - hold) {
      const piece = pending.shift();
      if (!piece) break;
      sent += piece.text.length;
      yield piece;
    }
  }
}

export function generate(
  model: Resolved,
  context: string,
  options: GenerationOptions,
  choice = 0,
): Generated {
  const pieces: DecodedPiece[] = [];
  const source = generatePieces(model, context, options, choice);
  for (let step = source.next(); ; step = source.next()) {
    if (step.done) return { ...step.value, pieces, text: pieces.map((p) => p.text).join('') };
    pieces.push(step.value);
  }
}

export function promptTokens(context: string): number {
  return countPieces(context);
}
