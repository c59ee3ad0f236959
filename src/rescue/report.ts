import { rename, rm, writeFile } from 'node:fs/promises';
import type { AgreementReport } from '../core/agreement.js';
import type { EvalReport } from '../core/eval-metrics.js';

export interface Flip {
  /** Index of the input in the golden set's source. */
  readonly i: number;
  /** The input as a person reads it: the prompt without its separator, or the last user message. */
  readonly input: string;
  readonly expected: string | null;
  readonly golden: string;
  readonly candidate: string;
}

export interface RescueReport {
  readonly source: string;
  readonly candidate: string;
  readonly provider: string;
  readonly goldenSet: string;
  /** Golden answers compared (the whole golden set unless it was cut short). */
  readonly n: number;
  readonly goldenTotal: number;
  readonly agreement: AgreementReport;
  readonly flips: readonly Flip[];
  /** The old model asked again now: agreement with its own recording, and with the new model. */
  readonly live: { readonly selfAgreement: number; readonly candidateAgreement: number } | null;
  readonly createdAt: string;
}

/**
 * The comparison report as Markdown (for people) and JSON (for scripts), written atomically into
 * the rescue folder. The wizard's compare screen shows the same figures from the same object.
 */
export function pct(x: number): string {
  return `${(x * 100).toFixed(1)}%`;
}

/** `197 of 200 golden answers (98.5%)`: the figure the screen leads with. */
export function agreementWords(report: RescueReport): string {
  const a = report.agreement;
  return `${a.agreed} of ${a.n} golden answers (${pct(a.agreement)})`;
}

/** One line saying how far the new model agrees, the headline of the report. */
export function headline(report: RescueReport): string {
  return `${report.candidate} agrees with ${report.source} on ${agreementWords(report)}.`;
}

function scoreOf(report: EvalReport): string {
  return report.kind === 'classification'
    ? `accuracy ${pct(report.accuracy)}`
    : `exact match ${pct(report.exactMatch)}, token F1 ${report.tokenF1.toFixed(3)}`;
}

/** The figures beside the headline, one per line (the screen shows these too). */
export function summaryLines(report: RescueReport): string[] {
  const a = report.agreement;
  const lines: string[] = [];
  if (a.kind === 'generation')
    lines.push(`exact match ${pct(a.exactMatch)} · token F1 ${a.tokenF1.toFixed(3)} (old vs new)`);
  if (report.live) {
    lines.push(
      `old model asked again: agrees with its own recording on ${pct(report.live.selfAgreement)}, with the new model on ${pct(report.live.candidateAgreement)}`,
    );
  }
  if (a.versusData) {
    lines.push(
      `against the data's answers: old ${scoreOf(a.versusData.golden)} · new ${scoreOf(a.versusData.candidate)}`,
    );
  }
  if (report.n < report.goldenTotal)
    lines.push(`the golden set was cut short: ${report.n} of ${report.goldenTotal} inputs compared`);
  return lines;
}

function cell(text: string): string {
  return JSON.stringify(text).slice(1, -1).replace(/\|/g, '\\|');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    `| ${header.join(' | ')} |`,
    `|${header.map(() => '---').join('|')}|`,
    ...rows.map((r) => `| ${r.join(' | ')} |`),
  ];
}

function classification(a: Extract<AgreementReport, { kind: 'classification' }>): string[] {
  const perClass = table(
    ['old label', 'examples', 'new agrees', 'agreement'],
    a.perClass.map((c) => [`\`${cell(c.label)}\``, String(c.count), String(c.agreed), pct(c.rate)]),
  );
  const confusion = table(
    ['old \\ new', ...a.columns.map((c) => `\`${cell(c)}\``)],
    a.labels.map((label, i) => [`\`${cell(label)}\``, ...(a.confusion[i] ?? []).map(String)]),
  );
  return [
    '## Per class',
    '',
    ...perClass,
    '',
    '## Confusion: old label (rows) against new label (columns)',
    '',
    ...confusion,
  ];
}

/** How many flipped examples the Markdown lists (the JSON has them all). */
export const FLIPS_IN_MARKDOWN = 50;

export function renderReport(report: RescueReport): string {
  const lines = [
    `# Rescue of ${report.source}`,
    '',
    headline(report),
    '',
    ...summaryLines(report).map((l) => `- ${l}`),
    '',
    `New model: \`${report.candidate}\` (${report.provider}). Golden set: \`${report.goldenSet}\`. Written ${report.createdAt}.`,
    '',
  ];
  if (report.agreement.kind === 'classification') lines.push(...classification(report.agreement), '');
  lines.push(`## Examples that flipped (${report.flips.length})`, '');
  if (report.flips.length === 0) lines.push('None: the new model gave every golden answer.');
  else {
    lines.push(
      ...table(
        ['#', 'input', 'expected', 'old model', 'new model'],
        report.flips
          .slice(0, FLIPS_IN_MARKDOWN)
          .map((f) => [
            String(f.i),
            cell(f.input),
            cell(f.expected ?? ''),
            cell(f.golden),
            cell(f.candidate),
          ]),
      ),
    );
    if (report.flips.length > FLIPS_IN_MARKDOWN)
      lines.push('', `…and ${report.flips.length - FLIPS_IN_MARKDOWN} more in the JSON report.`);
  }
  return `${lines.join('\n')}\n`;
}

async function atomic(path: string, text: string): Promise<void> {
  const temp = `${path}.${process.pid}.tmp`;
  try {
    await writeFile(temp, text);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}

export async function writeReport(
  paths: { markdown: string; json: string },
  report: RescueReport,
  markdown: string,
): Promise<void> {
  await atomic(paths.json, `${JSON.stringify(report, null, 2)}\n`);
  await atomic(paths.markdown, markdown);
}

function columns(rows: readonly (readonly string[])[]): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, c.length)));
  return rows.map((row) =>
    row
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0)))
      .join('  ')
      .trimEnd(),
  );
}

/** The report as the compare screen shows it: the figures, then per class and the confusion. */
export function reportLines(report: RescueReport): string[] {
  const a = report.agreement;
  const lines = [...summaryLines(report)];
  if (a.kind === 'classification') {
    lines.push(
      '',
      ...columns([
        ['old label', 'examples', 'new agrees', 'agreement'],
        ...a.perClass.map((c) => [JSON.stringify(c.label), String(c.count), String(c.agreed), pct(c.rate)]),
      ]),
      '',
      'confusion: old label (rows) against new label (columns)',
      ...columns([
        ['', ...a.columns.map((c) => JSON.stringify(c))],
        ...a.labels.map((label, i) => [JSON.stringify(label), ...(a.confusion[i] ?? []).map(String)]),
      ]),
    );
  }
  lines.push(
    '',
    `${report.flips.length} flipped example${report.flips.length === 1 ? '' : 's'} (tab shows them side by side)`,
  );
  return lines;
}
