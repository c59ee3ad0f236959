import { join } from 'node:path';
import type OpenAI from 'openai';
import { queryFormat, type QueryFormat, type TrainingFormat } from '../api/completions-format.js';
import { parseEvalExamples, type EvalExample } from '../api/eval-examples.js';
import { sniffDataFormat } from '../api/start-job.js';
import { readFile } from 'node:fs/promises';
import { UserError } from '../core/errors.js';
import { inferInferenceFormat } from '../core/prepare/infer-format.js';
import type { InferencePrice } from '../core/prices.js';
import { findRecordForModel } from '../store/jobs.js';
import { factsOf } from './data-file.js';
import { answersMeta, recordAnswers, type RecordProgress, type RecordResult } from './record-answers.js';

/**
 * Step 3 of a rescue: the doomed model's answers to a fixed set of inputs, recorded while it still
 * answers, so that a replacement can be held to them after it is gone. The inputs are the
 * validation prompts, a file the user gives, or examples sampled from the training data.
 */
export type GoldenSource =
  | { readonly how: 'validation'; readonly path: string }
  | { readonly how: 'file'; readonly path: string }
  | { readonly how: 'sample'; readonly path: string; readonly count: number; readonly seed: number };

export const GOLDEN_FILE = 'golden.jsonl';
/** Examples sampled from the training data when there is no validation file. */
export const DEFAULT_SAMPLE = 200;

/** Answers are never cut shorter than this many tokens. */
const MAX_ANSWER_TOKENS = 4096;

/**
 * Room for each recorded answer: as many tokens as the longest expected answer has UTF-8 bytes (a
 * token is at least one byte), so an answer as long as the data's is never cut, while a model that
 * rambles is stopped after about that much. Unlike eval's exact budget this needs no tokenizer: a
 * golden set records what the model says, and loading one costs more CPU than a thousand answers.
 */
export function goldenBudget(examples: readonly EvalExample[]): number {
  const longest = Math.max(1, ...examples.map((e) => Buffer.byteLength(e.expected, 'utf8')));
  return Math.min(MAX_ANSWER_TOKENS, longest);
}

/** `count` distinct indices below `n`, the same for the same seed, in ascending order. */
export function sampleIndices(n: number, count: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  let state = seed >>> 0 || 1;
  const random = (): number => {
    // mulberry32: small, seeded, good enough to pick examples.
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const take = Math.min(n, count);
  for (let i = 0; i < take; i++) {
    const j = i + Math.floor(random() * (n - i));
    [all[i], all[j]] = [all[j] ?? 0, all[i] ?? 0];
  }
  return all.slice(0, take).sort((a, b) => a - b);
}

export async function goldenExamples(
  source: GoldenSource,
): Promise<{ examples: EvalExample[]; sha256: string }> {
  let text: string;
  try {
    text = await readFile(source.path, 'utf8');
  } catch {
    throw new UserError(`${source.path}: no such file.`);
  }
  const all = parseEvalExamples(text, source.path);
  const { sha256 } = await factsOf(source.path);
  if (source.how !== 'sample') return { examples: all, sha256 };
  const picked = sampleIndices(all.length, source.count, source.seed).map((i) => all[i]);
  return { examples: picked.filter((e): e is EvalExample => e !== undefined), sha256 };
}

/**
 * How the model is queried: its job record's separator, stop and system prompt when this tool made
 * it, else what the kept training data shows (the separator and stop every example ends with).
 */
export async function sourceFormat(
  model: string,
  trainingPath: string | null,
  /** The endpoint when neither a record nor the data says (the golden inputs' own). */
  endpoint: QueryFormat['endpoint'],
  env: NodeJS.ProcessEnv = process.env,
): Promise<QueryFormat> {
  let known: TrainingFormat | null = await findRecordForModel(model, env).catch(() => null);
  if (known === null && trainingPath !== null) {
    const dataFormat = await sniffDataFormat(trainingPath);
    const inferred =
      dataFormat === 'prompt-completion'
        ? await inferInferenceFormat(trainingPath)
        : { separator: null, stop: null };
    known = { dataFormat, ...inferred, systemPrompt: null };
  }
  return queryFormat(model, known, {}, endpoint);
}

export interface GoldenSetInput {
  readonly client: OpenAI;
  readonly provider: string;
  readonly model: string;
  readonly folder: string;
  readonly source: GoldenSource;
  /** The query format, or null to work it out with `sourceFormat` from the kept training file. */
  readonly format: QueryFormat | null;
  readonly trainingPath: string | null;
  readonly concurrency?: number;
  readonly price?: InferencePrice | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: RecordProgress) => void;
  readonly env?: NodeJS.ProcessEnv;
  readonly backoffBaseMs?: number;
}

export async function recordGoldenSet(
  input: GoldenSetInput,
): Promise<RecordResult & { readonly path: string }> {
  const { examples, sha256 } = await goldenExamples(input.source);
  const endpoint = examples[0]?.endpoint ?? 'completions';
  // The inputs decide the endpoint; the record or the data give the separator, stop and system prompt.
  const format = input.format ?? {
    ...(await sourceFormat(input.model, input.trainingPath, endpoint, input.env)),
    endpoint,
  };
  const maxTokens = goldenBudget(examples);
  const path = join(input.folder, GOLDEN_FILE);
  const result = await recordAnswers({
    client: input.client,
    path,
    examples,
    format,
    meta: answersMeta(
      { model: input.model, provider: input.provider, format },
      {
        maxTokens,
        source: {
          path: input.source.path,
          sha256,
          how: input.source.how,
          ...(input.source.how === 'sample' ? { seed: input.source.seed } : {}),
        },
        total: examples.length,
      },
    ),
    ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
    ...(input.price !== undefined ? { price: input.price } : {}),
    ...(input.signal ? { signal: input.signal } : {}),
    ...(input.onProgress ? { onProgress: input.onProgress } : {}),
    ...(input.backoffBaseMs !== undefined ? { backoffBaseMs: input.backoffBaseMs } : {}),
  });
  return { ...result, path };
}
