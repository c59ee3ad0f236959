/**
 * Mini-batch training of the softmax model with Adagrad (per-weight step sizes suit sparse hashed
 * features: rare words keep large steps). Each step averages the cross-entropy gradient over the
 * target pieces of one batch; batches follow a per-epoch shuffle seeded by (seed, epoch), so a run
 * resumed from a snapshot at any step continues exactly as it would have.
 */
import type { EncodedExample } from './encode.js';
import { shuffled } from './random.js';
import type { SoftmaxModel } from './softmax-model.js';

export interface Hyperparameters {
  readonly n_epochs: number;
  readonly batch_size: number;
  readonly learning_rate_multiplier: number;
}

export interface Score {
  readonly loss: number;
  /** Share of target pieces predicted right (argmax). */
  readonly accuracy: number;
  /** Share of examples whose every target piece was predicted right. */
  readonly sequenceAccuracy: number;
}

export interface StepMetrics {
  step: number;
  train_loss: number;
  train_mean_token_accuracy: number;
  train_sequence_accuracy: number;
  /** Pieces (context and target) and examples of this step's batch: the legacy results file sums them. */
  batch_tokens: number;
  batch_examples: number;
  valid_loss?: number;
  valid_mean_token_accuracy?: number;
  valid_sequence_accuracy?: number;
  full_valid_loss?: number;
  full_valid_mean_token_accuracy?: number;
}

export const BASE_LEARNING_RATE = 0.1;
const EPSILON = 1e-8;

export class Trainer {
  readonly stepsPerEpoch: number;
  readonly totalSteps: number;
  private readonly probs: Float64Array;
  private order: { epoch: number; indices: number[] } | undefined;

  constructor(
    readonly model: SoftmaxModel,
    readonly accumulators: Float32Array,
    private readonly train: readonly EncodedExample[],
    private readonly valid: readonly EncodedExample[],
    readonly hyper: Hyperparameters,
    private readonly seed: number,
    public step = 0,
  ) {
    this.stepsPerEpoch = Math.max(1, Math.ceil(train.length / hyper.batch_size));
    this.totalSteps = this.stepsPerEpoch * hyper.n_epochs;
    this.probs = new Float64Array(model.width);
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  get epochEnded(): boolean {
    return this.step % this.stepsPerEpoch === 0;
  }

  /** Runs step `this.step + 1` and returns its metrics. */
  runStep(): StepMetrics {
    const epoch = Math.floor(this.step / this.stepsPerEpoch);
    if (this.order?.epoch !== epoch) {
      this.order = { epoch, indices: shuffled(this.train.length, this.seed * 1000 + epoch) };
    }
    const order = this.order.indices;
    const start = (this.step % this.stepsPerEpoch) * this.hyper.batch_size;
    const batch = order
      .slice(start, start + this.hyper.batch_size)
      .map((i) => this.train[i])
      .filter((e): e is EncodedExample => e !== undefined);
    const score = this.update(batch);
    this.step++;
    const metrics: StepMetrics = {
      step: this.step,
      train_loss: score.loss,
      train_mean_token_accuracy: score.accuracy,
      train_sequence_accuracy: score.sequenceAccuracy,
      batch_tokens: batch.reduce((sum, e) => sum + e.tokens, 0),
      batch_examples: batch.length,
    };
    if (this.valid.length > 0) {
      const size = Math.min(this.hyper.batch_size, this.valid.length);
      const picked = Array.from(
        { length: size },
        (_, i) => this.valid[((this.step - 1) * size + i) % this.valid.length],
      );
      const validScore = this.evaluate(picked.filter((e): e is EncodedExample => e !== undefined));
      metrics.valid_loss = validScore.loss;
      metrics.valid_mean_token_accuracy = validScore.accuracy;
      metrics.valid_sequence_accuracy = validScore.sequenceAccuracy;
      if (this.epochEnded) {
        const full = this.evaluate(this.valid);
        metrics.full_valid_loss = full.loss;
        metrics.full_valid_mean_token_accuracy = full.accuracy;
      }
    }
    return metrics;
  }

  evaluate(examples: readonly EncodedExample[]): Score {
    const tally = new Tally();
    for (const example of examples) {
      let whole = true;
      example.positions.forEach((features, k) => {
        const p = this.model.probabilities(features, this.probs);
        whole = tally.add(p, example.targets[k] ?? 0) && whole;
      });
      tally.example(whole);
    }
    return tally.score();
  }

  private update(batch: readonly EncodedExample[]): Score {
    const width = this.model.width;
    const rows = new Map<number, Float64Array>();
    const biasGrad = new Float64Array(width);
    const tally = new Tally();
    // Gradients are taken at the weights the batch started with, then applied once.
    for (const example of batch) {
      let whole = true;
      example.positions.forEach((features, k) => {
        const target = example.targets[k] ?? 0;
        const p = this.model.probabilities(features, this.probs);
        whole = tally.add(p, target) && whole;
        p[target] = (p[target] ?? 0) - 1;
        for (let v = 0; v < width; v++) biasGrad[v] = (biasGrad[v] ?? 0) + (p[v] ?? 0);
        for (let i = 0; i < features.index.length; i++) {
          const f = features.index[i] ?? 0;
          const value = features.value[i] ?? 0;
          let row = rows.get(f);
          if (!row) rows.set(f, (row = new Float64Array(width)));
          for (let v = 0; v < width; v++) row[v] = (row[v] ?? 0) + value * (p[v] ?? 0);
        }
      });
      tally.example(whole);
    }
    const rate = BASE_LEARNING_RATE * this.hyper.learning_rate_multiplier;
    const scale = 1 / Math.max(1, tally.pieces);
    for (const [f, row] of rows) this.apply(this.model.weights, f * width, row, scale, rate, f * width);
    this.apply(this.model.bias, 0, biasGrad, scale, rate, this.model.weights.length);
    return tally.score();
  }

  private apply(
    target: Float32Array,
    offset: number,
    gradient: Float64Array,
    scale: number,
    rate: number,
    accumulatorOffset: number,
  ): void {
    for (let v = 0; v < gradient.length; v++) {
      const g = (gradient[v] ?? 0) * scale;
      const a = (this.accumulators[accumulatorOffset + v] ?? 0) + g * g;
      this.accumulators[accumulatorOffset + v] = a;
      target[offset + v] = (target[offset + v] ?? 0) - (rate * g) / (Math.sqrt(a) + EPSILON);
    }
  }
}

/** Loss and accuracies summed over target pieces and examples. */
class Tally {
  private loss = 0;
  private correct = 0;
  pieces = 0;
  private examples = 0;
  private wholeExamples = 0;

  /** Counts one target piece given the predicted distribution; true when argmax hit it. */
  add(p: Float64Array, target: number): boolean {
    this.loss -= Math.log(Math.max(p[target] ?? 0, 1e-12));
    this.pieces++;
    const hit = argmax(p) === target;
    if (hit) this.correct++;
    return hit;
  }

  example(whole: boolean): void {
    this.examples++;
    if (whole) this.wholeExamples++;
  }

  score(): Score {
    const share = (part: number, whole: number) => (whole ? part / whole : 0);
    return {
      loss: share(this.loss, this.pieces),
      accuracy: share(this.correct, this.pieces),
      sequenceAccuracy: share(this.wholeExamples, this.examples),
    };
  }
}

export function argmax(values: Float64Array): number {
  let best = 0;
  for (let i = 1; i < values.length; i++) if ((values[i] ?? 0) > (values[best] ?? 0)) best = i;
  return best;
}
