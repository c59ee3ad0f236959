/**
 * One completion from a model, piece by piece: decoded from the trained weights (or the base
 * model's fixed reply) and cut at the first stop sequence. Streaming sends each piece as a chunk
 * as it comes; a piece is held back only while its end could still begin a stop sequence.
 */
import { baseReply } from './model/base-models.js';
import { decodePieces } from './model/generate.js';
import { countPieces, splitPieces } from './model/pieces.js';
import { seededRandom } from './model/random.js';
import type { Resolved } from './models.js';

export interface GenerationOptions {
  readonly maxTokens: number;
  readonly temperature: number;
  readonly topP: number;
  readonly seed: number | undefined;
  readonly stop: readonly string[];
}

export interface Finish {
  readonly finish: 'stop' | 'length';
  /** Pieces generated, including any that completed a stop sequence. */
  readonly completionTokens: number;
}

export interface Generated extends Finish {
  readonly pieces: string[];
  readonly text: string;
}

function* basePieces(id: string, maxTokens: number): Generator<string, 'stop' | 'length'> {
  const reply = splitPieces(baseReply(id));
  yield* reply.slice(0, maxTokens);
  return maxTokens < reply.length ? 'length' : 'stop';
}

export function* generatePieces(
  model: Resolved,
  context: string,
  options: GenerationOptions,
  choice = 0,
): Generator<string, Finish> {
  const random = options.seed === undefined ? Math.random : seededRandom(options.seed + choice);
  const source =
    model.kind === 'base'
      ? basePieces(model.id, options.maxTokens)
      : decodePieces(model.model, context, { ...options, random });
  const hold = Math.max(0, ...options.stop.map((s) => s.length - 1));
  let full = '';
  let sent = 0; // characters of `full` already yielded
  const pending: string[] = [];
  let count = 0;
  for (let step = source.next(); ; step = source.next()) {
    if (step.done) {
      yield* pending;
      return { finish: step.value, completionTokens: count };
    }
    count += 1;
    full += step.value;
    pending.push(step.value);
    const cut = Math.min(...options.stop.map((s) => full.indexOf(s)).filter((i) => i >= 0));
    if (Number.isFinite(cut)) {
      for (const piece of pending) {
        if (sent >= cut) break;
        yield piece.slice(0, cut - sent);
        sent += piece.length;
      }
      return { finish: 'stop', completionTokens: count };
    }
    while (pending[0] !== undefined && sent + pending[0].length <= full.length - hold) {
      sent += pending[0].length;
      yield pending.shift() ?? '';
    }
  }
}

export function generate(
  model: Resolved,
  context: string,
  options: GenerationOptions,
  choice = 0,
): Generated {
  const pieces: string[] = [];
  const source = generatePieces(model, context, options, choice);
  for (let step = source.next(); ; step = source.next()) {
    if (step.done) return { ...step.value, pieces, text: pieces.join('') };
    pieces.push(step.value);
  }
}

export function promptTokens(context: string): number {
  return countPieces(context);
}
