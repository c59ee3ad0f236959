import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type OpenAI from 'openai';
import type { QueryFormat } from '../api/completions-format.js';
import type { EvalExample } from '../api/eval-examples.js';
import { agreementReport } from '../core/agreement.js';
import { promptCompletionToChat } from '../core/convert.js';
import { UserError } from '../core/errors.js';
import type { InferencePrice } from '../core/prices.js';
import {
  answersMetaSchema,
  metaPathOf,
  readAnswers,
  type AnswerLine,
  type AnswersMeta,
} from './answers-file.js';
import { GOLDEN_FILE } from './golden-set.js';
import { answersMeta, recordAnswers, type RecordProgress } from './record-answers.js';
import { renderReport, writeReport, type RescueReport } from './report.js';

export type { Flip, RescueReport } from './report.js';

/**
 * Step 5 of a rescue: the new model asked the golden set's inputs (in its own format), its answers
 * recorded beside the golden ones (resumable, like the golden set), and the two compared. While the
 * old model still answers it can be asked again too: how often it agrees with its own recording is
 * the bar a replacement can hope to reach. The report goes into the rescue folder as Markdown and JSON.
 */
export interface CompareInput {
  readonly client: OpenAI;
  readonly provider: string;
  readonly model: string;
  readonly format: QueryFormat;
  readonly folder: string;
  /** The old model, when it still answers and should be asked again. */
  readonly live?: { readonly client: OpenAI; readonly model: string } | null;
  readonly concurrency?: number;
  readonly price?: InferencePrice | null;
  readonly signal?: AbortSignal;
  readonly onProgress?: (which: 'candidate' | 'live', progress: RecordProgress) => void;
  readonly backoffBaseMs?: number;
}

export function slugOf(model: string): string {
  return model
    .replace(/^ft:/, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 80);
}

/** The golden set as recorded: its meta and its answers in input order. */
export async function readGoldenSet(
  folder: string,
): Promise<{ meta: AnswersMeta; lines: AnswerLine[]; path: string }> {
  const path = join(folder, GOLDEN_FILE);
  const text = await readFile(metaPathOf(path), 'utf8').catch(() => null);
  if (text === null) throw new UserError(`${folder}: no golden set recorded yet.`);
  const meta = answersMetaSchema.parse(JSON.parse(text));
  const answers = await readAnswers(path, meta.total);
  if (answers.size === 0) throw new UserError(`${path}: the golden set has no answers yet.`);
  return { meta, lines: [...answers.values()].sort((a, b) => a.i - b.i), path };
}

/** A golden input as the new model must be asked it: chat models get prompts as user messages. */
export function candidateExample(
  line: AnswerLine,
  meta: AnswersMeta,
  endpoint: QueryFormat['endpoint'],
): EvalExample {
  const expected = line.expected ?? '';
  if (line.messages !== undefined) {
    if (endpoint === 'completions')
      throw new UserError('a completion model cannot be asked chat conversations: choose a chat model.');
    return { endpoint: 'chat', messages: line.messages, expected };
  }
  const prompt = line.prompt ?? '';
  if (endpoint === 'completions') return { endpoint, prompt, expected };
  const chat = promptCompletionToChat(
    { prompt, completion: expected },
    meta.separator ? { separator: meta.separator } : {},
  );
  return { endpoint: 'chat', messages: chat.messages.slice(0, -1), expected };
}

/** The input as a person reads it: the prompt without its separator, or the last user message. */
function inputText(line: AnswerLine, separator: string): string {
  if (line.prompt !== undefined) {
    return separator !== '' && line.prompt.endsWith(separator)
      ? line.prompt.slice(0, -separator.length)
      : line.prompt;
  }
  return line.messages?.findLast((m) => m.role === 'user')?.content ?? '';
}

export async function compareWithGolden(
  input: CompareInput,
): Promise<{ report: RescueReport; paths: { markdown: string; json: string } }> {
  const golden = await readGoldenSet(input.folder);
  const fingerprint = createHash('sha256')
    .update(JSON.stringify(golden.lines.map((l) => [l.i, l.prompt ?? l.messages])))
    .digest('hex');
  const ask = async (which: 'candidate' | 'live', client: OpenAI, model: string, format: QueryFormat) => {
    const examples = golden.lines.map((line) => candidateExample(line, golden.meta, format.endpoint));
    const path = join(input.folder, `answers-${which === 'live' ? 'live-' : ''}${slugOf(model)}.jsonl`);
    const result = await recordAnswers({
      client,
      path,
      examples,
      format,
      meta: answersMeta(
        { model, provider: input.provider, format },
        {
          maxTokens: golden.meta.maxTokens,
          source: { path: golden.path, sha256: fingerprint, how: 'golden' },
          total: examples.length,
        },
      ),
      // A new model can 404 for a few minutes after its job succeeds.
      notReady: { delaysMs: [2_000, 5_000, 10_000, 15_000, 30_000, 30_000, 60_000] },
      ...(input.concurrency !== undefined ? { concurrency: input.concurrency } : {}),
      ...(input.price !== undefined ? { price: input.price } : {}),
      ...(input.signal ? { signal: input.signal } : {}),
      ...(input.backoffBaseMs !== undefined ? { backoffBaseMs: input.backoffBaseMs } : {}),
      onProgress: (p) => input.onProgress?.(which, p),
    });
    return result;
  };
  const candidate = await ask('candidate', input.client, input.model, input.format);
  if (candidate.stopped)
    throw new UserError('the comparison was stopped: run it again to go on where it stopped.');
  const answerOf = (result: typeof candidate, j: number) => result.answers.get(j)?.answer ?? '';
  const pairs = golden.lines.map((line, j) => ({
    golden: line.answer,
    candidate: answerOf(candidate, j),
    expected: line.expected,
  }));
  const agreement = agreementReport(pairs);
  let live: RescueReport['live'] = null;
  if (input.live) {
    const format = {
      ...input.format,
      endpoint: golden.meta.endpoint,
      separator: golden.meta.separator,
      stop: golden.meta.stop,
      systemPrompt: golden.meta.systemPrompt,
    };
    const again = await ask('live', input.live.client, input.live.model, format);
    if (!again.stopped) {
      const self = agreementReport(
        golden.lines.map((line, j) => ({ golden: line.answer, candidate: answerOf(again, j) })),
        agreement.kind,
      );
      const versus = agreementReport(
        golden.lines.map((_, j) => ({ golden: answerOf(again, j), candidate: answerOf(candidate, j) })),
        agreement.kind,
      );
      live = { selfAgreement: self.agreement, candidateAgreement: versus.agreement };
    }
  }
  const report: RescueReport = {
    source: golden.meta.model,
    candidate: input.model,
    provider: input.provider,
    goldenSet: golden.path,
    n: golden.lines.length,
    goldenTotal: golden.meta.total,
    agreement,
    flips: agreement.flipped.map((j) => {
      const line = golden.lines[j];
      return {
        i: line?.i ?? j,
        input: line ? inputText(line, golden.meta.separator) : '',
        expected: line?.expected ?? null,
        golden: line?.answer ?? '',
        candidate: answerOf(candidate, j),
      };
    }),
    live,
    createdAt: new Date().toISOString(),
  };
  const base = join(input.folder, `report-${slugOf(input.model)}`);
  const paths = { markdown: `${base}.md`, json: `${base}.json` };
  await writeReport(paths, report, renderReport(report));
  return { report, paths };
}
