/**
 * One completion from a model: decoded from the trained weights (or the base model's fixed
 * reply), then cut at the first stop sequence. The pieces are what streaming sends, one chunk each.
 */
import { baseReply } from './model/base-models.js';
import { decode } from './model/generate.js';
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

export interface Generated {
  readonly pieces: string[];
  readonly text: string;
  readonly finish: 'stop' | 'length';
  readonly completionTokens: number;
}

export function generate(
  model: Resolved,
  context: string,
  options: GenerationOptions,
  choice = 0,
): Generated {
  let pieces: string[];
  let finish: 'stop' | 'length';
  if (model.kind === 'base') {
    const reply = splitPieces(baseReply(model.id));
    pieces = reply.slice(0, options.maxTokens);
    finish = pieces.length < reply.length ? 'length' : 'stop';
  } else {
    const random = options.seed === undefined ? Math.random : seededRandom(options.seed + choice);
    const decoded = decode(model.model, context, { ...options, random });
    pieces = decoded.pieces;
    finish = decoded.finish;
  }
  const completionTokens = pieces.length;
  const full = pieces.join('');
  const cut = Math.min(...options.stop.map((s) => full.indexOf(s)).filter((i) => i >= 0));
  if (Number.isFinite(cut)) {
    const kept: string[] = [];
    let length = 0;
    for (const piece of pieces) {
      if (length >= cut) break;
      kept.push(piece.slice(0, cut - length));
      length += piece.length;
    }
    return { pieces: kept, text: kept.join(''), finish: 'stop', completionTokens };
  }
  return { pieces, text: full, finish, completionTokens };
}

export function promptTokens(context: string): number {
  return countPieces(context);
}
