/**
 * The classification metrics of the legacy fine-tuning results file, from a model's class
 * probabilities on validation examples (the old guide's "Classification specific metrics"):
 * multiclass gives accuracy and the support-weighted F1; binary gives accuracy, precision, recall
 * and F-beta at a 0.5 threshold on the positive class's probability, and the areas under the ROC
 * and precision-recall curves. Pure: the caller computes the probabilities.
 */

export interface BinaryInput {
  /** Probability of the positive class, per example. */
  readonly scores: readonly number[];
  /** Whether each example's true class is the positive one. */
  readonly positive: readonly boolean[];
  readonly betas: readonly number[];
}

const share = (part: number, whole: number) => (whole === 0 ? 0 : part / whole);

/** `f1.0`, `f0.5`, `f2.0`: the column name of an F-beta score, as Python printed the float. */
export function fBetaName(beta: number): string {
  return `f${Number.isInteger(beta) ? beta.toFixed(1) : String(beta)}`;
}

export function fBeta(precision: number, recall: number, beta: number): number {
  const b2 = beta * beta;
  const denominator = b2 * precision + recall;
  return denominator === 0 ? 0 : ((1 + b2) * precision * recall) / denominator;
}

/** Area under the ROC curve: the chance a positive outscores a negative (ties count half). */
export function auroc(scores: readonly number[], positive: readonly boolean[]): number | undefined {
  const order = scores
    .map((score, i) => ({ score, pos: positive[i] === true }))
    .sort((a, b) => a.score - b.score);
  const pos = order.filter((o) => o.pos).length;
  const neg = order.length - pos;
  if (pos === 0 || neg === 0) return undefined;
  let rankSum = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]?.score === order[i]?.score) j++;
    const rank = (i + 1 + j) / 2; // average rank of a tied run
    for (let k = i; k < j; k++) if (order[k]?.pos) rankSum += rank;
    i = j;
  }
  return (rankSum - (pos * (pos + 1)) / 2) / (pos * neg);
}

/** Area under the precision-recall curve as average precision: Σ (Rₖ − Rₖ₋₁)·Pₖ over thresholds. */
export function auprc(scores: readonly number[], positive: readonly boolean[]): number | undefined {
  const order = scores
    .map((score, i) => ({ score, pos: positive[i] === true }))
    .sort((a, b) => b.score - a.score);
  const pos = order.filter((o) => o.pos).length;
  if (pos === 0) return undefined;
  let tp = 0;
  let seen = 0;
  let recall = 0;
  let area = 0;
  for (let i = 0; i < order.length;) {
    let j = i;
    while (j < order.length && order[j]?.score === order[i]?.score) {
      if (order[j]?.pos) tp++;
      j++;
    }
    seen = j;
    const nextRecall = tp / pos;
    area += (nextRecall - recall) * (tp / seen);
    recall = nextRecall;
    i = j;
  }
  return area;
}

export function binaryMetrics(input: BinaryInput): Record<string, number> {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let correct = 0;
  input.scores.forEach((score, i) => {
    const predicted = score > 0.5;
    const actual = input.positive[i] === true;
    if (predicted === actual) correct++;
    if (predicted && actual) tp++;
    if (predicted && !actual) fp++;
    if (!predicted && actual) fn++;
  });
  const precision = share(tp, tp + fp);
  const recall = share(tp, tp + fn);
  const out: Record<string, number> = { accuracy: share(correct, input.scores.length), precision, recall };
  const roc = auroc(input.scores, input.positive);
  const pr = auprc(input.scores, input.positive);
  if (roc !== undefined) out.auroc = roc;
  if (pr !== undefined) out.auprc = pr;
  for (const beta of input.betas) out[fBetaName(beta)] = fBeta(precision, recall, beta);
  return out;
}

/** Accuracy and F1 averaged over the true classes, each weighted by its number of examples. */
export function multiclassMetrics(
  predicted: readonly number[],
  truth: readonly number[],
): Record<string, number> {
  const classes = [...new Set(truth)];
  let weighted = 0;
  for (const c of classes) {
    let tp = 0;
    let fp = 0;
    let fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === c && t === c) tp++;
      else if (p === c) fp++;
      else if (t === c) fn++;
    });
    const support = tp + fn;
    weighted += support * fBeta(share(tp, tp + fp), share(tp, tp + fn), 1);
  }
  const correct = truth.filter((t, i) => predicted[i] === t).length;
  return { accuracy: share(correct, truth.length), weighted_f1_score: share(weighted, truth.length) };
}
