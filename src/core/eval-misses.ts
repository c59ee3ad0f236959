import { normalizeAnswer } from './eval-metrics.js';

/**
 * The answers an evaluation got wrong, for the eval screen's list of what to correct: not an exact
 * match (the rule eval-metrics.ts scores by), and "flipped" when the base model had it right, which
 * says the training taught something wrong.
 */
export interface MissIndex {
  readonly index: number;
  readonly flipped: boolean;
}

export function missesOf(
  expected: readonly string[],
  answers: readonly string[],
  baseAnswers?: readonly string[],
): MissIndex[] {
  const right = (want: string, got: string | undefined) =>
    got !== undefined && normalizeAnswer(want) === normalizeAnswer(got);
  const misses: MissIndex[] = [];
  expected.forEach((want, index) => {
    if (right(want, answers[index])) return;
    misses.push({ index, flipped: baseAnswers !== undefined && right(want, baseAnswers[index]) });
  });
  // Flipped first: those are what the training broke.
  return misses.sort((a, b) => Number(b.flipped) - Number(a.flipped) || a.index - b.index);
}

/**
 * Where an example of the validation file is now, once `moved` (original indices) were taken out
 * of it: each one before it shifts it up by one.
 */
export function indexAfterMoves(index: number, moved: readonly number[]): number {
  return index - moved.filter((m) => m < index).length;
}
