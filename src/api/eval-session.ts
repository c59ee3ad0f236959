import type OpenAI from 'openai';
import { score, taskKind, type TaskKind } from '../core/eval-metrics.js';
import { countTextTokens } from '../core/tokens.js';
import type { ModelReport } from '../core/eval-report.js';
import type { QueryFormat } from './completions-format.js';
import type { EvalExample } from './eval-examples.js';
import { runEval, type EvalRunOptions } from './eval-run.js';

/**
 * Room for the answer: a label needs as many tokens as the longest label (so a classifier cannot
 * ramble past it); generation gets half as much again as the longest expected answer, plus slack.
 */
export function answerBudget(examples: readonly EvalExample[], kind: TaskKind): number {
  // The core's encoder loads on first use (the wizard imports this module at start) and counts
  // `<|endoftext|>`-like text in an answer as plain text instead of throwing.
  const longest = Math.max(1, ...examples.map((e) => countTextTokens(e.expected, 'o200k_base')));
  return kind === 'classification' ? longest : Math.min(4096, Math.ceil(longest * 1.5) + 8);
}

export interface EvalSessionInput {
  readonly examples: readonly EvalExample[];
  readonly models: readonly string[];
  readonly format: QueryFormat;
  readonly maxTokens?: number | undefined;
  readonly run?: Omit<EvalRunOptions, 'model' | 'format' | 'maxTokens' | 'onProgress'>;
  /** Progress over all models together. */
  readonly onProgress?: (done: number, total: number) => void;
}

export interface EvalSession {
  readonly kind: TaskKind;
  readonly maxTokens: number;
  readonly reports: readonly ModelReport[];
  /** Each model's raw answers, in example order. */
  readonly answers: readonly (readonly string[])[];
}

/** Runs every model over the examples (one after the other) and scores each the same way. */
export async function evaluate(client: OpenAI, input: EvalSessionInput): Promise<EvalSession> {
  const kind = taskKind(input.examples.map((e) => e.expected));
  const maxTokens = input.maxTokens ?? answerBudget(input.examples, kind);
  const total = input.examples.length * input.models.length;
  const reports: ModelReport[] = [];
  const answers: string[][] = [];
  const { notReady, ...run } = input.run ?? {};
  for (const [m, model] of input.models.entries()) {
    const got = await runEval(client, input.examples, {
      ...run,
      // Only a fine-tuned model can be "not ready yet"; a 404 for any other is a wrong name.
      ...(notReady && model.startsWith('ft:') ? { notReady } : {}),
      model,
      format: input.format,
      maxTokens,
      onProgress: (done) => input.onProgress?.(m * input.examples.length + done, total),
    });
    answers.push(got);
    const pairs = input.examples.map((e, i) => ({ expected: e.expected, predicted: got[i] ?? '' }));
    reports.push({ model, report: score(pairs, kind) });
  }
  return { kind, maxTokens, reports, answers };
}
