import type OpenAI from 'openai';
import { note, say } from './output.js';
import { queryFormat, type FormatFlags } from '../api/completions-format.js';
import type { EvalExample } from '../api/eval-examples.js';
import { evaluate } from '../api/eval-session.js';
import { checkpointModels } from '../api/checkpoint-models.js';
import type { ProviderProfile } from '../api/providers/profile.js';
import { bestReport, headlineScore, type EvalReport } from '../core/eval-metrics.js';
import type { JobRecord } from '../store/jobs.js';
import { saveEvalScore } from '../store/runs.js';
import { printJson, printTable } from './provider-options.js';

export interface CheckpointEvalInput {
  readonly jobId: string;
  readonly file: string;
  readonly examples: readonly EvalExample[];
  readonly record: JobRecord | null;
  readonly flags: FormatFlags;
  readonly concurrency: number;
  readonly maxTokens: number | undefined;
  readonly json: boolean;
}

export interface CheckpointRow {
  readonly model: string;
  /** The checkpoint's step; null for the job's final model. */
  readonly step: number | null;
  readonly best: boolean;
  readonly report: EvalReport;
}

/** `fine-tune eval --checkpoints JOB`: one table, the best marked; each model's score is remembered. */
export async function runCheckpointEval(
  client: OpenAI,
  profile: ProviderProfile,
  input: CheckpointEvalInput,
): Promise<void> {
  const models = await checkpointModels(client, profile, input.jobId);
  const endpoint = input.examples[0]?.endpoint ?? 'completions';
  const format = { ...queryFormat(models[0]?.model ?? '', input.record, input.flags, endpoint), endpoint };
  if (!input.json)
    note(`Scoring ${models.length} models of ${input.jobId} on ${input.examples.length} examples…\n`);
  const session = await evaluate(client, {
    examples: input.examples,
    models: models.map((m) => m.model),
    format,
    maxTokens: input.maxTokens,
    run: { concurrency: input.concurrency },
  });
  const best = bestReport(session.reports.map((r) => r.report));
  const rows: CheckpointRow[] = session.reports.map((r, i) => ({
    model: r.model,
    step: models[i]?.step ?? null,
    best: i === best,
    report: r.report,
  }));
  const at = Math.floor(Date.now() / 1000);
  for (const row of rows) {
    const head = headlineScore(row.report);
    await saveEvalScore({
      model: row.model,
      file: input.file,
      kind: row.report.kind,
      score: head.value,
      metric: head.metric,
      examples: row.report.n,
      at,
    }).catch(() => undefined);
  }
  if (input.json) {
    printJson({
      job: input.jobId,
      file: input.file,
      kind: session.kind,
      maxTokens: session.maxTokens,
      best: rows[best]?.model ?? null,
      checkpoints: rows.map((r) => ({ model: r.model, step: r.step, best: r.best, ...r.report })),
    });
    return;
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const classification = session.kind === 'classification';
  printTable(
    [
      '',
      'step',
      'model',
      classification ? 'accuracy' : 'exact match',
      classification ? 'macro F1' : 'token F1',
    ],
    rows.map((r) => [
      r.best ? '★' : '',
      r.step === null ? 'final' : String(r.step),
      r.model,
      pct(headlineScore(r.report).value),
      (r.report.kind === 'classification' ? r.report.macroF1 : r.report.tokenF1).toFixed(3),
    ]),
  );
  const winner = rows[best];
  if (winner) say(`\nbest: ${winner.model}${winner.step === null ? ' (the final model)' : ''}\n`);
}
