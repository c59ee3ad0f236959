import type { Finding, PreviewRow } from '../findings.js';
import { agree, plural } from '../numbers.js';
import { pcView } from '../prepare/preview.js';
import type { QualityDetail, QualityResult } from './checks.js';

/** The ids of the three findings, in the order they are shown. */
export const QUALITY_FIX_IDS = ['likely-mislabelled', 'conflicting-labels', 'split-leak'] as const;
export type QualityFixId = (typeof QUALITY_FIX_IDS)[number];

/** Fixes that change what an example means: `--yes` leaves them, `--accept ID` takes them. */
export const MEANING_FIXES: ReadonlySet<string> = new Set(['likely-mislabelled', 'conflicting-labels']);

const PREVIEW = 5;

/** What pass 2 needs to apply the accepted quality fixes (carried in the analysis' plan). */
export interface QualityPlan {
  /** Source position → the label `likely-mislabelled` gives it. */
  readonly mislabelled: ReadonlyMap<number, string>;
  /** Source position → its group's majority label (`conflicting-labels`). */
  readonly conflicting: ReadonlyMap<number, string>;
  /** Source position → its near-duplicate group, for the rows of groups the split would cut (`split-leak`). */
  readonly groups: ReadonlyMap<number, number>;
}

/** The texts of the rows a preview shows, read again once the checks are done. */
export type PreviewTexts = ReadonlyMap<number, { readonly prompt: string; readonly completion: string }>;

/** The positions whose texts the findings' previews need. */
export function previewPositions(result: QualityResult): number[] {
  return [result.mislabelled, result.conflicting, result.leaking].flatMap((d) =>
    d.slice(0, PREVIEW).map((x) => x.row),
  );
}

export function qualityPlan(result: QualityResult): QualityPlan {
  const relabel = (details: readonly QualityDetail[]): Map<number, string> =>
    new Map(
      details.flatMap((d) =>
        d.suggested === null || d.suggested === d.label ? [] : [[d.row, d.suggested] as const],
      ),
    );
  return {
    mislabelled: relabel(result.mislabelled),
    conflicting: relabel(result.conflicting),
    groups: new Map(result.leaking.map((d) => [d.row, d.group ?? 0])),
  };
}

function groupsIn(details: readonly QualityDetail[]): number {
  return new Set(details.map((d) => d.group)).size;
}

/** The three findings (only those that found something), each listing every row it is about. */
export function qualityFindings(
  result: QualityResult,
  texts: PreviewTexts,
  positionLabel: 'line' | 'row',
): Finding[] {
  const findings: Finding[] = [];
  const preview = (
    details: readonly QualityDetail[],
    after: (d: QualityDetail, completion: string) => string | null,
  ): PreviewRow[] =>
    details.slice(0, PREVIEW).flatMap((d) => {
      const text = texts.get(d.row);
      if (text === undefined) return [];
      const changed = after(d, text.completion);
      return [
        {
          position: d.row,
          before: pcView(text.prompt, text.completion),
          after: pcView(text.prompt, changed ?? text.completion),
        },
      ];
    });
  const rows = (details: readonly QualityDetail[]) => ({
    count: details.length,
    positions: details.map((d) => d.row),
  });
  const m = result.mislabelled;
  if (m.length > 0) {
    findings.push({
      id: 'likely-mislabelled',
      kind: 'optional',
      message: `${plural(m.length, positionLabel)} ${agree(m.length, 'looks', 'look')} mislabelled: a model trained on the other rows reads ${agree(m.length, 'its text', 'their text')} as another class`,
      detail:
        'Each row was scored by a text classifier that never saw it (5-fold, out of fold); these are the rows it gives to another class at least as surely as it usually gives that class its own rows (confident learning). Check them: accepting relabels each with the suggested class. Not taken by --yes; --accept likely-mislabelled takes it.',
      rows: rows(m),
      details: m,
      preview: preview(m, (d) => d.suggested),
    });
  }
  const c = result.conflicting;
  if (c.length > 0) {
    findings.push({
      id: 'conflicting-labels',
      kind: 'optional',
      message: `${plural(groupsIn(c), 'group')} of near-identical prompts ${agree(groupsIn(c), 'has', 'have')} different labels (${plural(c.length, positionLabel)})`,
      detail:
        'These prompts are the same once case, spacing and punctuation are set aside, or share at least 80 % of their words, yet their completions differ: the model is taught two answers to one question. Accepting gives every row of a group its most common completion. Not taken by --yes.',
      rows: rows(c),
      details: c,
      preview: preview(c, (d) => d.suggested),
    });
  }
  const l = result.leaking;
  if (l.length > 0) {
    findings.push({
      id: 'split-leak',
      kind: 'optional',
      message: `${plural(groupsIn(l), 'group')} of near-identical prompts would be split between training and validation (${plural(l.length, positionLabel)})`,
      detail:
        'A validation row with a near-copy in training is answered from memory, so the validation score flatters the model. Accepting keeps each group on one side of the split (the side most of it falls on); no example changes.',
      rows: rows(l),
      details: l,
      preview: preview(l, () => null),
    });
  }
  return findings;
}

/** Rows moved by `split-leak`: each group goes whole to the side most of its rows are on (ties: training). */
export function keepGroupsTogether(
  indices: { readonly train: Uint32Array; readonly valid: Uint32Array },
  groupOf: ArrayLike<number>,
): { train: Uint32Array; valid: Uint32Array } {
  const n = groupOf.length;
  const inValid = new Uint8Array(n);
  for (const row of indices.valid) inValid[row] = 1;
  const votes = new Map<number, number>();
  for (let row = 0; row < n; row++) {
    const g = groupOf[row] as number;
    if (g >= 0) votes.set(g, (votes.get(g) ?? 0) + (inValid[row] === 1 ? 1 : -1));
  }
  const side = (row: number): number => {
    const g = groupOf[row] as number;
    if (g < 0) return inValid[row] as number;
    return (votes.get(g) ?? 0) > 0 ? 1 : 0;
  };
  const train: number[] = [];
  for (const row of indices.train) if (side(row) === 0) train.push(row);
  // Rows brought over from validation follow, in file order.
  for (const row of indices.valid) if (side(row) === 0) train.push(row);
  const valid: number[] = [];
  for (let row = 0; row < n; row++) if (side(row) === 1) valid.push(row);
  return { train: Uint32Array.from(train), valid: Uint32Array.from(valid) };
}
