/**
 * Judged answers (`fine-tune eval --judge MODEL`): a chat model scores each answer against the
 * expected one with a rubric, 1 to 5 and one line of reason. Pure: what the judge is sent, how its
 * verdict is read, the cache key, the summary and the cost estimate. Exact match and token F1 say
 * little about open-ended answers; a judge says whether the answer means the same.
 */
import { createHash } from 'node:crypto';
import { inferencePrice, type PriceTable } from './prices.js';
import { countTextTokens } from './tokens.js';

/** One answer to judge: what was asked (as text), what was expected, what the model said. */
export interface JudgeItem {
  readonly prompt: string;
  readonly expected: string;
  readonly answer: string;
}

export type Verdict =
  | { readonly ok: true; readonly score: number; readonly reason: string }
  /** The judge replied, but not with a verdict we can read: reported, never fatal. */
  | { readonly ok: false; readonly error: string; readonly raw: string };

export const MIN_SCORE = 1;
export const MAX_SCORE = 5;

/**
 * The JSON schema of a verdict, for `response_format: {type: 'json_schema'}` (strict mode wants every
 * property required and no others). https://platform.openai.com/docs/guides/structured-outputs
 */
export const VERDICT_SCHEMA = {
  name: 'verdict',
  strict: true,
  schema: {
    type: 'object',
    properties: {
      score: { type: 'integer', enum: [1, 2, 3, 4, 5] },
      reason: { type: 'string' },
    },
    required: ['score', 'reason'],
    additionalProperties: false,
  },
} as const;

/** The judge's room to answer: a score and one line. */
export const VERDICT_MAX_TOKENS = 120;

/** The user message: the three texts as JSON, so quotes or rubric-like text in them stay data. */
export function judgeUserMessage(item: JudgeItem): string {
  return JSON.stringify({ prompt: item.prompt, expected_answer: item.expected, model_answer: item.answer });
}

/**
 * Reads a verdict defensively: the JSON object may come wrapped in a code fence or prose (a provider
 * without structured outputs), the score may be a numeric string; anything else is a malformed verdict.
 */
export function parseVerdict(raw: string): Verdict {
  const start = raw.indexOf('{');
  const end = raw.lastIndexOf('}');
  const fail = (error: string): Verdict => ({ ok: false, error, raw: raw.slice(0, 200) });
  if (start < 0 || end < start) return fail('no JSON object in the reply');
  let value: unknown;
  try {
    value = JSON.parse(raw.slice(start, end + 1));
  } catch {
    return fail('the reply is not valid JSON');
  }
  if (typeof value !== 'object' || value === null) return fail('the reply is not a JSON object');
  const record = value as Record<string, unknown>;
  const score = typeof record.score === 'string' ? Number(record.score) : record.score;
  if (typeof score !== 'number' || !Number.isInteger(score) || score < MIN_SCORE || score > MAX_SCORE) {
    return fail(`score must be a whole number from ${MIN_SCORE} to ${MAX_SCORE}`);
  }
  const reason = typeof record.reason === 'string' ? record.reason.replace(/\s+/gu, ' ').trim() : '';
  return { ok: true, score, reason };
}

/** A verdict depends on the judge, the rubric and the three texts: any change asks again. */
export function verdictKey(judgeModel: string, rubric: string, item: JudgeItem): string {
  const hash = createHash('sha256');
  const rubricHash = createHash('sha256').update(rubric).digest('hex');
  // Length-prefixed parts, so that moving text from one field to the next changes the key.
  for (const part of [judgeModel, rubricHash, item.prompt, item.expected, item.answer]) {
    hash.update(`${part.length}:${part}`);
  }
  return hash.digest('hex');
}

export interface JudgedAnswer extends JudgeItem {
  /** Index of the example in the validation file. */
  readonly index: number;
  readonly verdict: Verdict;
}

export interface JudgeSummary {
  readonly judge: string;
  /** Verdicts read; `malformed` are left out of the mean. */
  readonly scored: number;
  readonly malformed: number;
  /** Mean score over read verdicts, or null when none could be read. */
  readonly mean: number | null;
  /** How many answers got each score, 1 to 5. */
  readonly counts: readonly number[];
  /** The lowest-scored answers, lowest first (ties: file order). */
  readonly lowest: readonly JudgedAnswer[];
  readonly malformedAnswers: readonly JudgedAnswer[];
}

export function summarizeJudge(judge: string, answers: readonly JudgedAnswer[], lowest = 5): JudgeSummary {
  const counts = [0, 0, 0, 0, 0];
  let sum = 0;
  const read: (JudgedAnswer & { readonly verdict: { readonly ok: true; readonly score: number } })[] = [];
  for (const a of answers) {
    if (!a.verdict.ok) continue;
    counts[a.verdict.score - MIN_SCORE] = (counts[a.verdict.score - MIN_SCORE] ?? 0) + 1;
    sum += a.verdict.score;
    read.push(a as (typeof read)[number]);
  }
  const malformedAnswers = answers.filter((a) => !a.verdict.ok);
  return {
    judge,
    scored: read.length,
    malformed: malformedAnswers.length,
    mean: read.length === 0 ? null : sum / read.length,
    counts,
    lowest: [...read].sort((a, b) => a.verdict.score - b.verdict.score || a.index - b.index).slice(0, lowest),
    malformedAnswers,
  };
}

export interface JudgeCost {
  readonly requests: number;
  readonly inputTokens: number;
  readonly outputTokens: number;
  /** Null when the judge's price is unknown (another provider, a local model). */
  readonly usd: number | null;
}

/**
 * What judging `items` (those not cached) will cost at most: each request carries the rubric and the
 * three texts; each reply is at most `VERDICT_MAX_TOKENS`. Priced from the price table's query rates.
 */
export function judgeCost(
  judgeModel: string,
  rubric: string,
  items: readonly JudgeItem[],
  prices?: PriceTable,
): JudgeCost {
  const rubricTokens = countTextTokens(rubric, 'o200k_base');
  // Per message and reply framing of chat requests (the counting rule of core/tokens.ts).
  const framing = 12;
  const inputTokens = items.reduce(
    (sum, item) => sum + rubricTokens + framing + countTextTokens(judgeUserMessage(item), 'o200k_base'),
    0,
  );
  const outputTokens = items.length * VERDICT_MAX_TOKENS;
  const price = inferencePrice(judgeModel, prices);
  const usd = price ? (inputTokens * price.input + outputTokens * price.output) / 1_000_000 : null;
  return { requests: items.length, inputTokens, outputTokens, usd };
}
