/**
 * Streams the choices of a completion piece by piece, pausing `delayMs` between pieces, and stops
 * generating as soon as the client goes away. Returns how each choice finished, or undefined
 * when the stream was abandoned.
 */
import type { EventStream } from '../http/sse.js';
import type { DecodedPiece, Finish } from '../generation.js';

export interface ChoiceFrames {
  start?(index: number): void;
  piece(index: number, piece: DecodedPiece): void;
  finish(index: number, reason: Finish['finish']): void;
}

export async function streamChoices(
  stream: EventStream,
  sources: readonly Generator<DecodedPiece, Finish>[],
  delayMs: number,
  frames: ChoiceFrames,
): Promise<Finish[] | undefined> {
  const finished: Finish[] = [];
  for (const [index, source] of sources.entries()) {
    frames.start?.(index);
    for (let step = source.next(); ; step = source.next()) {
      if (stream.aborted) return undefined;
      if (step.done) {
        frames.finish(index, step.value.finish);
        finished.push(step.value);
        break;
      }
      frames.piece(index, step.value);
      await stream.pause(delayMs);
    }
  }
  return finished;
}
