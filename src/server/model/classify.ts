/**
 * Classification metrics from the model's own outputs, for a legacy job that asked for them: at
 * each epoch's end every validation example is scored against every class (a class is a distinct
 * completion of the training file). A class's score is the model's log-likelihood of its pieces
 * and the end piece given the prompt; the class probabilities are the softmax of those scores, so
 * a class of several pieces competes fairly with single-piece ones.
 */
import { binaryMetrics, multiclassMetrics } from '../../core/classification-metrics.js';
import type { Example } from './dataset.js';
import { encodeExamples, type EncodedExample } from './encode.js';
import type { SoftmaxModel } from './softmax-model.js';

export interface ClassificationSettings {
  readonly nClasses: number;
  readonly positiveClass: string | null;
  readonly betas: readonly number[];
}

/** Distinct completions, most frequent first (ties: first seen). */
export function classesOf(examples: readonly Example[]): string[] {
  const counts = new Map<string, number>();
  for (const e of examples) counts.set(e.target, (counts.get(e.target) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

const quote = (label: string) => JSON.stringify(label);

/** Why the settings do not fit the training data (with the parameter at fault), or undefined. */
export function classificationProblem(
  settings: ClassificationSettings,
  train: readonly Example[],
): { param: string; message: string } | undefined {
  const classes = classesOf(train);
  const shown = classes.slice(0, 5).map(quote).join(', ') + (classes.length > 5 ? ', …' : '');
  if (classes.length !== settings.nClasses) {
    return {
      param: 'classification_n_classes',
      message: `classification_n_classes is ${settings.nClasses}, but the training file has ${classes.length} distinct completions (${shown}).`,
    };
  }
  if (settings.positiveClass !== null && !classes.includes(settings.positiveClass)) {
    return {
      param: 'classification_positive_class',
      message: `classification_positive_class ${quote(settings.positiveClass)} is not a completion of the training file (its completions: ${shown}).`,
    };
  }
  return undefined;
}

export class ClassScorer {
  private readonly candidates: EncodedExample[][];
  private readonly truth: number[];
  private readonly probs: Float64Array;

  constructor(
    model: SoftmaxModel,
    private readonly classes: readonly string[],
    valid: readonly Example[],
    private readonly settings: ClassificationSettings,
  ) {
    // Encoding does not depend on the weights: done once, scored at every epoch's end.
    this.candidates = valid.map((e) =>
      encodeExamples(
        model.spec,
        model.vocab,
        classes.map((target) => ({ context: e.context, target })),
      ),
    );
    this.truth = valid.map((e) => classes.indexOf(e.target));
    this.probs = new Float64Array(model.width);
  }

  /** `accuracy`, … keyed as the results file's `classification/*` columns, without the prefix. */
  metrics(model: SoftmaxModel): Record<string, number> {
    const distributions = this.candidates.map((options) => this.distribution(model, options));
    if (this.settings.positiveClass !== null) {
      const positive = this.classes.indexOf(this.settings.positiveClass);
      return binaryMetrics({
        scores: distributions.map((p) => p[positive] ?? 0),
        positive: this.truth.map((t) => t === positive),
        betas: this.settings.betas,
      });
    }
    const predicted = distributions.map((p) => p.indexOf(Math.max(...p)));
    return multiclassMetrics(predicted, this.truth);
  }

  private distribution(model: SoftmaxModel, options: readonly EncodedExample[]): number[] {
    const scores = options.map((option) => {
      let sum = 0;
      option.positions.forEach((features, k) => {
        const p = model.probabilities(features, this.probs);
        sum += Math.log(Math.max(p[option.targets[k] ?? 0] ?? 0, 1e-300));
      });
      return sum;
    });
    const top = Math.max(...scores);
    const weights = scores.map((s) => Math.exp(s - top));
    const total = weights.reduce((a, b) => a + b, 0);
    return weights.map((w) => w / total);
  }
}
