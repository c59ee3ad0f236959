/**
 * Scores a model's answers against the expected ones from a validation file. Pure: the caller
 * queries the model and hands over `{expected, predicted}` pairs.
 *
 * Classification (the task type of docs/prepare-checks.md: distinct completions < rows / 3) is scored by
 * label after trimming surrounding whitespace, since completions carry a leading space (" sports")
 * and a model may end with a newline. Generation is scored by exact match (same trimming) and by
 * token-level F1, the SQuAD measure: lowercase, drop punctuation, split on whitespace, F1 of the
 * multiset overlap (SQuAD also drops English articles; this stays language-neutral).
 */
import { isClassification } from './task-kind.js';

export interface Pair {
  readonly expected: string;
  readonly predicted: string;
}

export type TaskKind = 'classification' | 'generation';

/** The column of the confusion matrix for answers outside the known labels. */
export const OTHER_LABEL = '(other)';

export interface ClassScore {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** How many examples expect this label. */
  readonly support: number;
}

export interface ClassificationReport {
  readonly kind: 'classification';
  readonly n: number;
  readonly accuracy: number;
  readonly labels: readonly string[];
  readonly perClass: readonly ClassScore[];
  readonly macroF1: number;
  /** `matrix[i][j]`: examples expecting `labels[i]` answered `columns[j]`. */
  readonly columns: readonly string[];
  readonly matrix: readonly (readonly number[])[];
}

export interface GenerationReport {
  readonly kind: 'generation';
  readonly n: number;
  readonly exactMatch: number;
  /** Mean token-level F1 over examples, in [0, 1]. */
  readonly tokenF1: number;
}

export type EvalReport = ClassificationReport | GenerationReport;

export function normalizeAnswer(text: string): string {
  return text.trim();
}

/** Scored as classification when prepare would call the data classification (core/task-kind.ts). */
export function taskKind(expected: readonly string[]): TaskKind {
  return isClassification(new Set(expected).size, expected.length) ? 'classification' : 'generation';
}

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

function harmonic(a: number, b: number): number {
  return a + b === 0 ? 0 : (2 * a * b) / (a + b);
}

/** Labels ordered by how often they are expected (ties: first seen), so the table reads top-down. */
function orderedLabels(expected: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const label of expected) counts.set(label, (counts.get(label) ?? 0) + 1);
  return [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
}

export function scoreClassification(pairs: readonly Pair[]): ClassificationReport {
  const expected = pairs.map((p) => normalizeAnswer(p.expected));
  const predicted = pairs.map((p) => normalizeAnswer(p.predicted));
  const labels = orderedLabels(expected);
  const index = new Map(labels.map((label, i) => [label, i]));
  const hasOther = predicted.some((p) => !index.has(p));
  const columns = hasOther ? [...labels, OTHER_LABEL] : labels;
  const matrix = labels.map(() => columns.map(() => 0));
  let correct = 0;
  expected.forEach((label, i) => {
    const guess = predicted[i] ?? '';
    if (guess === label) correct++;
    const row = matrix[index.get(label) ?? 0];
    const column = index.get(guess) ?? labels.length;
    if (row) row[column] = (row[column] ?? 0) + 1;
  });
  const perClass = labels.map((label, i): ClassScore => {
    const row = matrix[i] ?? [];
    const truePositive = row[i] ?? 0;
    const support = row.reduce((sum, x) => sum + x, 0);
    const predictedAs = matrix.reduce((sum, r) => sum + (r[i] ?? 0), 0);
    const precision = ratio(truePositive, predictedAs);
    const recall = ratio(truePositive, support);
    return { label, precision, recall, f1: harmonic(precision, recall), support };
  });
  return {
    kind: 'classification',
    n: pairs.length,
    accuracy: ratio(correct, pairs.length),
    labels,
    perClass,
    macroF1: ratio(
      perClass.reduce((sum, c) => sum + c.f1, 0),
      perClass.length,
    ),
    columns,
    matrix,
  };
}

function tokens(text: string): string[] {
  return text
    .toLowerCase()
    .replace(/\p{P}/gu, ' ')
    .split(/\s+/u)
    .filter((t) => t !== '');
}

/** SQuAD-style token F1: two empty answers agree fully; one empty answer scores 0. */
export function tokenF1(expected: string, predicted: string): number {
  const want = tokens(expected);
  const got = tokens(predicted);
  if (want.length === 0 || got.length === 0) return want.length === got.length ? 1 : 0;
  const remaining = new Map<string, number>();
  for (const t of want) remaining.set(t, (remaining.get(t) ?? 0) + 1);
  let overlap = 0;
  for (const t of got) {
    const left = remaining.get(t) ?? 0;
    if (left > 0) {
      overlap++;
      remaining.set(t, left - 1);
    }
  }
  return harmonic(overlap / got.length, overlap / want.length);
}

export function scoreGeneration(pairs: readonly Pair[]): GenerationReport {
  const exact = pairs.filter((p) => normalizeAnswer(p.expected) === normalizeAnswer(p.predicted));
  const f1 = pairs.reduce((sum, p) => sum + tokenF1(p.expected, p.predicted), 0);
  return {
    kind: 'generation',
    n: pairs.length,
    exactMatch: ratio(exact.length, pairs.length),
    tokenF1: ratio(f1, pairs.length),
  };
}

/** Scores pairs as `kind` (decided once from the whole validation file, see `taskKind`). */
export function score(pairs: readonly Pair[], kind: TaskKind): EvalReport {
  return kind === 'classification' ? scoreClassification(pairs) : scoreGeneration(pairs);
}

/** The one number a model is ranked by: accuracy for classification, exact match for generation. */
export function headlineScore(report: EvalReport): {
  readonly metric: 'accuracy' | 'exact match';
  readonly value: number;
} {
  return report.kind === 'classification'
    ? { metric: 'accuracy', value: report.accuracy }
    : { metric: 'exact match', value: report.exactMatch };
}

/**
 * The best of several reports (the argmax of the headline score, then of macro F1 / token F1 on a
 * tie); the earliest wins a full tie, as the cheaper model to stop at. -1 for none.
 */
export function bestReport(reports: readonly EvalReport[]): number {
  const second = (r: EvalReport) => (r.kind === 'classification' ? r.macroF1 : r.tokenF1);
  let best = -1;
  reports.forEach((r, i) => {
    const b = reports[best];
    if (
      b === undefined ||
      headlineScore(r).value > headlineScore(b).value ||
      (headlineScore(r).value === headlineScore(b).value && second(r) > second(b))
    ) {
      best = i;
    }
  });
  return best;
}
