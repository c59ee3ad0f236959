import { readFile } from 'node:fs/promises';
import type OpenAI from 'openai';
import type { EvalExample } from '../api/eval-examples.js';
import { judgeAnswers, uncachedItems } from '../api/judge.js';
import { UserError } from '../core/errors.js';
import { judgeCost, summarizeJudge, type JudgeItem, type JudgeSummary } from '../core/judge.js';
import { judgeCostLine } from '../core/judge-report.js';
import { note, redraw } from './output.js';
import { progressLine } from './eval-progress.js';

/** The rubric shipped with fine-tune; `--rubric FILE` replaces it. */
export const DEFAULT_RUBRIC = new URL('../../examples/judge-rubric.md', import.meta.url);

export async function readRubric(file: string | undefined): Promise<string> {
  try {
    const text = await readFile(file ?? DEFAULT_RUBRIC, 'utf8');
    if (text.trim() === '') throw new UserError(`${file ?? 'the default rubric'}: the rubric is empty.`);
    return text;
  } catch (error) {
    if (error instanceof UserError) throw error;
    throw new UserError(
      `${file ?? DEFAULT_RUBRIC.pathname}: cannot read the rubric (${(error as Error).message}).`,
    );
  }
}

/** What was asked, as one text: the prompt, or the conversation before the expected answer. */
export function askedText(example: EvalExample): string {
  if (example.endpoint === 'completions') return example.prompt;
  return example.messages.map((m) => `${m.role}: ${m.content}`).join('\n');
}

export interface JudgeInput {
  readonly client: OpenAI;
  readonly model: string;
  readonly rubric: string;
  readonly examples: readonly EvalExample[];
  readonly answers: readonly string[];
  readonly concurrency: number;
}

export interface JudgeResult {
  readonly summary: JudgeSummary;
  readonly cached: number;
  readonly structured: boolean;
}

/** Says the cost (stderr) before any request, then judges every answer; the caller prints the report. */
export async function runJudge(input: JudgeInput): Promise<JudgeResult> {
  const items: JudgeItem[] = input.examples.map((example, i) => ({
    prompt: askedText(example),
    expected: example.expected,
    answer: input.answers[i] ?? '',
  }));
  const fresh = await uncachedItems(input.model, input.rubric, items);
  note(`${judgeCostLine(input.model, items.length, judgeCost(input.model, input.rubric, fresh))}\n`);
  const tty = process.stderr.isTTY === true;
  const run = await judgeAnswers(input.client, items, {
    model: input.model,
    rubric: input.rubric,
    concurrency: input.concurrency,
    onBackoff: (ms) => {
      if (tty) redraw(`judge rate limited: waiting ${Math.ceil(ms / 1000)}s`);
    },
    onProgress: (done, total) => {
      if (tty) redraw(`judging ${progressLine(done, total, process.stderr.columns ?? 80)}`);
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  return {
    summary: summarizeJudge(input.model, run.answers),
    cached: run.cached,
    structured: run.structured,
  };
}
