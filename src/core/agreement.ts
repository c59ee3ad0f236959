import {
  normalizeAnswer,
  OTHER_LABEL,
  score,
  taskKind,
  tokenF1,
  type EvalReport,
  type TaskKind,
} from './eval-metrics.js';

/**
 * How closely a replacement model answers like the model it replaces, example by example. Pure: the
 * caller hands over the recorded ("golden") answer of the old model and the new model's answer for
 * the same input, plus the data's expected answer when the file had one.
 *
 * Two answers agree when they are equal after trimming surrounding whitespace (the rule of
 * `normalizeAnswer`, so " sports" from a completion model and "sports" from a chat model agree).
 * Classification adds, per label the old model gave, how often the new one gave it too, and a
 * confusion of old labels (rows) against new ones (columns; answers outside the old labels share
 * one `(other)` column). Generation adds the mean token F1 between the two answers.
 */
export interface AgreementPair {
  readonly golden: string;
  readonly candidate: string;
  /** The answer the data expects, when the input came with one. */
  readonly expected?: string | undefined;
}

export interface LabelAgreement {
  readonly label: string;
  /** Examples the old model answered with this label. */
  readonly count: number;
  /** Of those, how many the new model answered the same. */
  readonly agreed: number;
  readonly rate: number;
}

interface Common {
  readonly n: number;
  readonly agreed: number;
  /** agreed / n: the headline figure. */
  readonly agreement: number;
  /** Indices of the examples whose answers differ, in input order. */
  readonly flipped: readonly number[];
  /** Each model scored against the data's expected answers, when every pair had one. */
  readonly versusData: { readonly golden: EvalReport; readonly candidate: EvalReport } | null;
}

export type AgreementReport =
  | (Common & {
      readonly kind: 'classification';
      readonly perClass: readonly LabelAgreement[];
      /** Row labels: what the old model answered, most frequent first. */
      readonly labels: readonly string[];
      readonly columns: readonly string[];
      /** `confusion[i][j]`: the old model said `labels[i]`, the new one `columns[j]`. */
      readonly confusion: readonly (readonly number[])[];
    })
  | (Common & {
      readonly kind: 'generation';
      /** Equal after trimming: the same as `agreement`, named as eval names it. */
      readonly exactMatch: number;
      readonly tokenF1: number;
    });

function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/** Classification or generation: decided by the data's answers when known, else by the old model's. */
export function agreementKind(pairs: readonly AgreementPair[]): TaskKind {
  const expected = pairs.map((p) => p.expected);
  const known = expected.every((e): e is string => e !== undefined);
  return taskKind(known ? expected : pairs.map((p) => normalizeAnswer(p.golden)));
}

function versusData(pairs: readonly AgreementPair[], kind: TaskKind): Common['versusData'] {
  if (pairs.length === 0 || pairs.some((p) => p.expected === undefined)) return null;
  const against = (pick: (p: AgreementPair) => string) =>
    score(
      pairs.map((p) => ({ expected: p.expected ?? '', predicted: pick(p) })),
      kind,
    );
  return { golden: against((p) => p.golden), candidate: against((p) => p.candidate) };
}

export function agreementReport(
  pairs: readonly AgreementPair[],
  kind = agreementKind(pairs),
): AgreementReport {
  const golden = pairs.map((p) => normalizeAnswer(p.golden));
  const candidate = pairs.map((p) => normalizeAnswer(p.candidate));
  const flipped: number[] = [];
  golden.forEach((g, i) => {
    if (g !== candidate[i]) flipped.push(i);
  });
  const n = pairs.length;
  const agreed = n - flipped.length;
  const common: Common = {
    n,
    agreed,
    agreement: ratio(agreed, n),
    flipped,
    versusData: versusData(pairs, kind),
  };
  if (kind === 'generation') {
    const f1 = pairs.reduce((sum, p) => sum + tokenF1(p.golden, p.candidate), 0);
    return { ...common, kind, exactMatch: common.agreement, tokenF1: ratio(f1, n) };
  }
  const counts = new Map<string, number>();
  for (const label of golden) counts.set(label, (counts.get(label) ?? 0) + 1);
  // Most frequent first; ties keep the order first seen (Map order, stable sort).
  const labels = [...counts.entries()].sort((a, b) => b[1] - a[1]).map(([label]) => label);
  const index = new Map(labels.map((label, i) => [label, i]));
  const other = candidate.some((c) => !index.has(c));
  const columns = other ? [...labels, OTHER_LABEL] : labels;
  const confusion = labels.map(() => columns.map(() => 0));
  golden.forEach((label, i) => {
    const row = confusion[index.get(label) ?? 0];
    const column = index.get(candidate[i] ?? '') ?? labels.length;
    if (row) row[column] = (row[column] ?? 0) + 1;
  });
  const perClass = labels.map((label, i): LabelAgreement => {
    const count = counts.get(label) ?? 0;
    const same = confusion[i]?.[i] ?? 0;
    return { label, count, agreed: same, rate: ratio(same, count) };
  });
  return { ...common, kind, perClass, labels, columns, confusion };
}
