import { plural } from './numbers.js';
import type { ClassificationReport, EvalReport } from './eval-metrics.js';

/**
 * The plain-text form of an evaluation for `fine-tune eval`: one metrics table with a column per
 * model (the fine-tuned one, then the base with `--compare`), then each model's confusion matrix.
 */
export interface ModelReport {
  readonly model: string;
  readonly report: EvalReport;
}

function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

function num(x: number): string {
  return x.toFixed(3);
}

function table(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  // First column left-aligned (names), the rest right-aligned (numbers).
  return rows.map((row) =>
    row
      .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

function metricRows(reports: readonly ModelReport[]): string[][] {
  const first = reports[0]?.report;
  if (!first) return [];
  if (first.kind === 'generation') {
    const gens = reports.map((r) => (r.report.kind === 'generation' ? r.report : null));
    return [
      ['exact match', ...gens.map((g) => (g ? pct(g.exactMatch) : '-'))],
      ['token F1', ...gens.map((g) => (g ? num(g.tokenF1) : '-'))],
    ];
  }
  const cls = reports.map((r) => (r.report.kind === 'classification' ? r.report : null));
  return [
    ['accuracy', ...cls.map((c) => (c ? pct(c.accuracy) : '-'))],
    ['macro F1', ...cls.map((c) => (c ? num(c.macroF1) : '-'))],
  ];
}

/** One row per class: precision, recall and F1 for each model side by side, then the support. */
function perClass(reports: readonly ModelReport[], labels: readonly string[]): string[] {
  const cls = reports.map((r) => (r.report.kind === 'classification' ? r.report : null));
  const prefix = (i: number) => (i === 0 ? '' : `${i === 1 ? 'base' : `#${i + 1}`} `);
  const header = [
    'class',
    ...cls.flatMap((_, i) => [`${prefix(i)}precision`, `${prefix(i)}recall`, `${prefix(i)}F1`]),
    'support',
  ];
  const rows = labels.map((label) => {
    const scores = cls.map((c) => c?.perClass.find((s) => s.label === label));
    return [
      JSON.stringify(label),
      ...scores.flatMap((s) => (s ? [num(s.precision), num(s.recall), num(s.f1)] : ['-', '-', '-'])),
      String(scores[0]?.support ?? 0),
    ];
  });
  return table([header, ...rows]);
}

function confusion(report: ClassificationReport): string[] {
  const header = ['expected \\ answered', ...report.columns.map((c) => JSON.stringify(c))];
  const rows = report.labels.map((label, i) => [
    JSON.stringify(label),
    ...(report.matrix[i] ?? []).map((x) => String(x)),
  ]);
  return table([header, ...rows]);
}

export function renderEvalReport(reports: readonly ModelReport[]): string {
  const first = reports[0];
  if (!first) return '';
  const lines: string[] = [];
  lines.push(`${first.report.kind} · ${plural(first.report.n, 'example')}`, '');
  lines.push(...table([['metric', ...reports.map((r) => r.model)], ...metricRows(reports)]));
  if (first.report.kind === 'classification') {
    lines.push('', ...perClass(reports, first.report.labels));
    for (const { model, report } of reports) {
      if (report.kind !== 'classification') continue;
      lines.push('', `confusion matrix: ${model}`, ...confusion(report));
    }
  } else {
    lines.push(
      '',
      'token F1: SQuAD-style F1 of lowercased words, punctuation ignored, averaged over examples.',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The report for an 80-column screen: the metrics table as `renderEvalReport` has it, then one
 * per-class table for the first model with only the compared model's F1 beside it (three columns per
 * model would not fit), then each confusion matrix. The caller windows the lines vertically.
 */
export function compactEvalReport(reports: readonly ModelReport[]): string[] {
  const first = reports[0];
  if (!first) return [];
  const lines = table([['metric', ...reports.map((r) => r.model)], ...metricRows(reports)]);
  if (first.report.kind !== 'classification') {
    return [...lines, '', 'token F1: word overlap with the expected answer (lowercased, no punctuation).'];
  }
  const main = first.report;
  const others = reports.slice(1).map((r) => (r.report.kind === 'classification' ? r.report : null));
  const header = [
    'class',
    'precision',
    'recall',
    'F1',
    ...others.map((_, i) => `${i === 0 ? 'base' : `#${i + 2}`} F1`),
    'support',
  ];
  const rows = main.perClass.map((s) => [
    JSON.stringify(s.label),
    num(s.precision),
    num(s.recall),
    num(s.f1),
    ...others.map((o) => {
      const theirs = o?.perClass.find((c) => c.label === s.label);
      return theirs ? num(theirs.f1) : '-';
    }),
    String(s.support),
  ]);
  lines.push('', ...table([header, ...rows]));
  for (const { model, report } of reports) {
    if (report.kind !== 'classification') continue;
    lines.push('', `confusion matrix: ${model}`, ...confusion(report));
  }
  return lines;
}

/** `…:ckpt-step-200` → `step 200`; any other model is the job's final one. */
export function checkpointLabel(model: string): string {
  const step = /:ckpt-step-(\d+)$/.exec(model)?.[1];
  return step === undefined ? 'final' : `step ${step}`;
}

/**
 * Checkpoints scored side by side (`eval --checkpoints`, the job panel's x): one row per model, named by
 * its step, the headline metric and the second one, the best (`bestReport`) marked ★.
 */
export function checkpointTable(reports: readonly ModelReport[], best: number): string[] {
  const first = reports[0]?.report;
  if (!first) return [];
  const classification = first.kind === 'classification';
  const header = [
    '  model',
    classification ? 'accuracy' : 'exact match',
    classification ? 'macro F1' : 'token F1',
  ];
  const rows = reports.map(({ model, report }, i) => [
    `${i === best ? '★' : ' '} ${checkpointLabel(model)}`,
    pct(report.kind === 'classification' ? report.accuracy : report.exactMatch),
    num(report.kind === 'classification' ? report.macroF1 : report.tokenF1),
  ]);
  return table([header, ...rows]);
}
