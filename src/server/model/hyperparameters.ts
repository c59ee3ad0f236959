/** Resolution of `"auto"` hyperparameters, shown on the job once training data is known. */
import type { Hyperparameters } from './trainer.js';

export type Requested = {
  readonly n_epochs?: number | 'auto' | undefined;
  readonly batch_size?: number | 'auto' | undefined;
  readonly learning_rate_multiplier?: number | 'auto' | undefined;
};

/** The service's default epochs (docs/chat-format.md). */
export function autoEpochs(examples: number): number {
  if (3 * examples < 100) return Math.min(25, Math.floor(100 / Math.max(1, examples)));
  if (3 * examples > 25_000) return Math.max(1, Math.floor(25_000 / examples));
  return 3;
}

/** About 1% of the examples, a power of two between 1 and 32: ~100 steps per epoch. */
export function autoBatchSize(examples: number): number {
  let size = 1;
  while (size < 32 && size * 2 <= examples / 100) size *= 2;
  return size;
}

export function resolveHyperparameters(requested: Requested, examples: number): Hyperparameters {
  const pick = (value: number | 'auto' | undefined, auto: number): number =>
    value === undefined || value === 'auto' ? auto : value;
  return {
    n_epochs: pick(requested.n_epochs, autoEpochs(examples)),
    batch_size: pick(requested.batch_size, autoBatchSize(examples)),
    learning_rate_multiplier: pick(requested.learning_rate_multiplier, 1),
  };
}
