import { basename } from 'node:path';

/** A stored eval score, as far as choosing the best model cares (`EvalScore` in src/store/runs.ts fits). */
export interface ScoreOf {
  readonly file: string;
  readonly score: number;
  readonly metric: string;
  readonly at: number;
}

export interface BestScored {
  readonly model: string;
  readonly score: number;
  readonly metric: string;
  readonly file: string;
}

/**
 * The best of a job's models (its checkpoints and final model) by their stored eval scores, as
 * `eval --checkpoints` marked it: only scores on one file compare, the file most recently scored; the
 * highest headline score wins, ties to the first in `models` (oldest checkpoint first). Fewer than two
 * models scored on that file: no best to offer.
 */
export function bestScored(
  models: readonly string[],
  scores: ReadonlyMap<string, ScoreOf>,
): BestScored | null {
  const scored = models.flatMap((model) => {
    const s = scores.get(model);
    return s === undefined ? [] : [{ model, ...s }];
  });
  const latest = scored.reduce<(typeof scored)[number] | undefined>(
    (a, b) => (a === undefined || b.at > a.at ? b : a),
    undefined,
  );
  if (latest === undefined) return null;
  const same = scored.filter((s) => s.file === latest.file);
  if (same.length < 2) return null;
  const best = same.reduce((a, b) => (b.score > a.score ? b : a));
  return { model: best.model, score: best.score, metric: best.metric, file: basename(best.file) };
}
