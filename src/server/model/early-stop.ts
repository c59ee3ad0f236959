/**
 * Opt-in early stopping for the local trainer: after each epoch-end evaluation on the full validation
 * file, keep a copy of the best weights so far; once the loss has not improved for `patience`
 * evaluations in a row, training stops and the model goes back to those weights (mlx-lm #331: the
 * adapter kept was the last one, not the best).
 */
import type { SoftmaxModel } from './softmax-model.js';

export interface BestSoFar {
  readonly step: number;
  readonly loss: number;
}

export class EarlyStop {
  private best: (BestSoFar & { weights: Float32Array; bias: Float32Array }) | null = null;
  private since = 0;

  constructor(readonly patience: number) {}

  /** Notes one evaluation; true when training should stop here. */
  observe(step: number, loss: number, model: SoftmaxModel): boolean {
    if (this.best === null || loss < this.best.loss) {
      this.best = { step, loss, weights: model.weights.slice(), bias: model.bias.slice() };
      this.since = 0;
      return false;
    }
    this.since += 1;
    return this.since >= this.patience;
  }

  /** Puts the best weights back into the model; returns which evaluation they came from. */
  restore(model: SoftmaxModel): BestSoFar | null {
    if (this.best === null) return null;
    model.weights.set(this.best.weights);
    model.bias.set(this.best.bias);
    return { step: this.best.step, loss: this.best.loss };
  }
}
