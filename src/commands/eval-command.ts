import type OpenAI from 'openai';
import { redraw, say } from './output.js';
import { queryFormat, type FormatFlags, type TrainingFormat } from '../api/completions-format.js';
import { DEFAULT_NOT_READY_DELAYS } from '../api/retry.js';
import type { EvalExample } from '../api/eval-examples.js';
import { evaluate } from '../api/eval-session.js';
import { renderEvalReport } from '../core/eval-report.js';
import { headlineScore } from '../core/eval-metrics.js';
import { saveEvalScore } from '../store/runs.js';
import { progressLine } from './eval-progress.js';
import { printJson } from './provider-options.js';

export interface EvalCommandInput {
  readonly file: string;
  readonly model: string;
  readonly compare: string | undefined;
  readonly examples: readonly EvalExample[];
  readonly record: TrainingFormat | null;
  readonly flags: FormatFlags;
  readonly concurrency: number;
  readonly maxTokens: number | undefined;
  readonly json: boolean;
}

/**
 * `fine-tune eval` once connected: progress on stderr when it is a terminal (at most ten redraws a
 * second), the report on stdout; a fine-tuned model not served yet is waited for.
 */
export async function runEvalCommand(client: OpenAI, input: EvalCommandInput): Promise<void> {
  const endpoint = input.examples[0]?.endpoint ?? 'completions';
  // The examples decide the endpoint; the record and flags give the separator, stop and system prompt.
  const format = { ...queryFormat(input.model, input.record, input.flags, endpoint), endpoint };
  const tty = process.stderr.isTTY === true;
  const status = (line: string) => {
    if (tty) redraw(line);
  };
  let drawnAt = 0;
  const session = await evaluate(client, {
    examples: input.examples,
    models: input.compare ? [input.model, input.compare] : [input.model],
    format,
    maxTokens: input.maxTokens,
    run: {
      concurrency: input.concurrency,
      onBackoff: (ms) => status(`rate limited: waiting ${Math.ceil(ms / 1000)}s`),
      ...(input.model.startsWith('ft:')
        ? {
            notReady: {
              delaysMs: DEFAULT_NOT_READY_DELAYS,
              onCountdown: ({ secondsLeft }) => {
                if (secondsLeft > 0) status(`model not ready yet (404): retrying in ${secondsLeft}s`);
              },
            },
          }
        : {}),
    },
    onProgress: (done, total) => {
      if (!tty || (done < total && Date.now() - drawnAt < 100)) return;
      drawnAt = Date.now();
      status(progressLine(done, total, process.stderr.columns ?? 80));
    },
  });
  if (tty) process.stderr.write('\r\x1b[K');
  const [main, ...rest] = session.reports;
  if (main) {
    // Remembered per model for `fine-tune runs` (the last score wins; a cache, so a failure is ignored).
    const head = headlineScore(main.report);
    await saveEvalScore({
      model: main.model,
      file: input.file,
      kind: main.report.kind,
      score: head.value,
      metric: head.metric,
      examples: main.report.n,
      at: Math.floor(Date.now() / 1000),
    }).catch(() => undefined);
  }
  if (input.json) {
    printJson({
      file: input.file,
      model: input.model,
      maxTokens: session.maxTokens,
      ...main?.report,
      ...(rest[0] ? { compare: { model: rest[0].model, ...rest[0].report } } : {}),
    });
    return;
  }
  say(renderEvalReport(session.reports));
}
