import type { Analysis, WriteResult } from '../../core/prepare/index.js';
import { decimal, formatUsd, plural, withThousands } from '../../core/numbers.js';
import { createCommandLine, trainingFiles } from '../../core/command-line.js';
import { delimiterName } from '../../core/read/detect-delimiter.js';
import { missingClassNotes } from '../../core/prepare/outputs.js';
import type { FitProblem } from '../../core/provider-fit.js';

/** The written data against a provider's file rules, and the chat files written for it. */
export interface ProviderFit {
  readonly provider: string;
  readonly label: string;
  readonly problems: readonly FitProblem[];
  /** Chat copies written with --to-chat (empty without it). */
  readonly chat: readonly string[];
  /** Named with --provider: the next command names it too. */
  readonly explicit: boolean;
  /** The model to suggest when the row's own differs from the one costed (chat-only rows). */
  readonly model?: string;
}

/** The one JSON document of `prepare --json` (findings in check order). */
export function jsonReport(
  analysis: Analysis,
  accepted: ReadonlySet<string>,
  result: WriteResult | null,
  fit: ProviderFit | null = null,
  /** The optional fixes nobody decided (the document of a run that stopped to ask). */
  undecided: readonly string[] = [],
): string {
  const classification = result?.classification ?? analysis.classification;
  const doc = {
    input: analysis.input,
    format: analysis.format,
    delimiter: analysis.delimiter,
    data_format: analysis.dataFormat,
    task_type: analysis.taskType,
    examples: result?.examples ?? analysis.examples,
    error: analysis.error && {
      id: analysis.error.id,
      message: analysis.error.message,
      ...(analysis.error.position === undefined ? {} : { [analysis.positionLabel]: analysis.error.position }),
    },
    findings: analysis.findings.map((f) => ({
      id: f.id,
      kind: f.kind,
      accepted:
        f.kind === 'optional'
          ? undecided.includes(f.id)
            ? null
            : accepted.has(f.id)
          : f.kind === 'necessary'
            ? true
            : null,
      rows: f.rows,
      message: f.message,
      ...(f.details === undefined ? {} : { details: f.details }),
    })),
    undecided,
    outputs: (result?.outputs ?? []).map((o) => ({ path: o.path, role: o.role, examples: o.examples })),
    unchanged: result?.unchanged ?? false,
    classification: classification && {
      n_classes: classification.nClasses,
      positive_class: classification.positiveClass,
    },
    separator: result ? result.separator : analysis.separator,
    stop: result ? result.stop : analysis.stop,
    system_prompt: result?.systemPrompt ?? null,
    missing_classes: result?.missingClasses ?? null,
    tokens: analysis.tokens,
    estimate: analysis.estimate,
    ...(fit === null
      ? {}
      : {
          provider_fit: {
            provider: fit.provider,
            fits: fit.problems.length === 0,
            problems: fit.problems.map(({ id, level, message }) => ({ id, level, message })),
          },
          chat_outputs: fit.chat,
        }),
  };
  return JSON.stringify(doc, null, 2);
}

const MARK = { info: 'i', necessary: '!', optional: '?', error: 'x' } as const;

/**
 * The report for a person: what was found, what was written, and how to use it. `nextModel` is the
 * model the suggested `fine-tune create` line names (a local one without an API key).
 */
export function humanReport(
  analysis: Analysis,
  accepted: ReadonlySet<string>,
  result: WriteResult,
  nextModel: string = analysis.model,
  fit: ProviderFit | null = null,
): string {
  const lines: string[] = [];
  const kind =
    analysis.dataFormat === 'prompt-completion'
      ? (analysis.taskType ?? 'prompt/completion')
      : `${analysis.dataFormat} data`;
  const format =
    analysis.delimiter === null
      ? analysis.format
      : `${analysis.format}, ${delimiterName(analysis.delimiter)}-separated`;
  lines.push(`${analysis.input} (${format}): ${plural(analysis.examples, 'example')}, ${kind}`, '');
  for (const f of analysis.findings) {
    const state =
      f.kind === 'optional'
        ? accepted.has(f.id)
          ? 'applied'
          : 'skipped'
        : f.kind === 'necessary'
          ? 'applied'
          : '';
    lines.push(`${MARK[f.kind]} ${f.id}${state ? ` (${state})` : ''}: ${f.message}`);
  }
  lines.push('');
  if (result.unchanged) {
    lines.push('Nothing to change: the file can be used as it is.');
  } else {
    for (const o of result.outputs)
      lines.push(
        `Wrote ${o.path} (${plural(o.examples, 'example')}${o.role === 'all' ? '' : `, ${o.role === 'train' ? 'training' : 'validation'}`})`,
      );
    lines.push(
      `${plural(result.removedRows, 'row')} removed, ${withThousands(result.modifiedRows)} changed.`,
    );
  }
  for (const note of missingClassNotes(result)) {
    lines.push(note.startsWith('A stratified split') ? `${note} Run with --stratify for one.` : note);
  }
  if (result.separator !== null)
    lines.push(`At inference, end every prompt with ${JSON.stringify(result.separator)}.`);
  if (result.stop !== null) lines.push(`Use ${JSON.stringify(result.stop)} as the stop sequence.`);
  if (result.systemPrompt !== null)
    lines.push(
      `Most examples open with the system message ${JSON.stringify(result.systemPrompt)}: send it too.`,
    );
  const c = result.classification;
  if (c) {
    lines.push(
      `Classification: ${plural(c.nClasses, 'class', 'classes')}${c.positiveClass === null ? '' : `; positive class ${JSON.stringify(c.positiveClass)}`}. Generate one token (max_tokens 1) at inference.`,
    );
  }
  if (analysis.tokens && analysis.estimate) {
    const e = analysis.estimate;
    lines.push(
      `Tokens written: about ${withThousands(analysis.tokens.sum)} (mean ${decimal(analysis.tokens.total.mean, 1)} per example). ` +
        `Estimated training cost on ${e.model}: ${formatUsd(e.usd)} for ${plural(e.epochs, 'epoch')} over the training examples (prices as of ${e.priceAsOf}).`,
    );
  }
  if (fit !== null) {
    for (const path of fit.chat) lines.push(`Wrote ${path} (the same examples as chat messages)`);
    if (fit.problems.length === 0) lines.push(`Fits ${fit.label}'s file rules.`);
    for (const problem of fit.problems) {
      // Converted already: the chat files above are the fix.
      if (problem.id !== 'convert-to-chat' || fit.chat.length === 0) {
        lines.push(`${problem.level === 'blocker' ? 'x' : '!'} ${problem.message}`);
      }
    }
  }
  // Converted to chat: the chat files are the ones to train on.
  const chatTrain = fit?.chat[0];
  const written = trainingFiles(result.outputs, analysis.input);
  const train = chatTrain ?? written.train;
  const valid = fit?.chat[1] ?? (chatTrain ? undefined : written.valid);
  lines.push(
    '',
    `Next: ${createCommandLine(train, valid, nextModel, [['--provider', fit?.explicit ? fit.provider : null]])}`,
  );
  return lines.join('\n');
}
