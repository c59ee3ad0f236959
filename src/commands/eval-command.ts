import type OpenAI from 'openai';
import { redraw, say } from './output.js';
import { queryFormat, type FormatFlags, type TrainingFormat } from '../api/completions-format.js';
import { DEFAULT_NOT_READY_DELAYS } from '../api/retry.js';
import { mayWarmUp } from '../api/models.js';
import type { EvalExample } from '../api/eval-examples.js';
import { evaluate } from '../api/eval-session.js';
import { renderEvalReport } from '../core/eval-report.js';
import { headlineScore } from '../core/eval-metrics.js';
import { saveEvalScore } from '../store/runs.js';
import { progressLine } from './eval-progress.js';
import { printJson } from './provider-options.js';
import { renderJudgeSection } from '../core/judge-report.js';
import { runJudge, type JudgeResult } from './eval-judge.js';

/** Judges the first model's answers, on its own connection when the judge lives elsewhere. */
async function judgeSession(
  client: OpenAI,
  judge: JudgeSetup,
  input: EvalCommandInput,
  answers: readonly string[],
): Promise<JudgeResult> {
  const run = (judgeClient: OpenAI) =>
    runJudge({
      client: judgeClient,
      model: judge.model,
      rubric: judge.rubric,
      examples: input.examples,
      answers,
      concurrency: input.concurrency,
    });
  if (!judge.connection) return run(client);
  const [{ connect }, { toUserError }] = await Promise.all([
    import('../api/connect.js'),
    import('../api/errors.js'),
  ]);
  const connection = await connect(judge.connection);
  try {
    return await run(connection.client);
  } catch (error) {
    throw toUserError(connection.explain(error, 'model'));
  } finally {
    await connection.close();
  }
}

function judgeJson(judged: JudgeResult) {
  const { summary } = judged;
  const row = (a: JudgeResult['summary']['lowest'][number]) => ({
    index: a.index,
    prompt: a.prompt,
    expected: a.expected,
    answer: a.answer,
    ...(a.verdict.ok
      ? { score: a.verdict.score, reason: a.verdict.reason }
      : { error: a.verdict.error, raw: a.verdict.raw }),
  });
  return {
    model: summary.judge,
    mean: summary.mean,
    scored: summary.scored,
    malformed: summary.malformed,
    counts: summary.counts,
    cached: judged.cached,
    structured: judged.structured,
    lowest: summary.lowest.map(row),
    malformedAnswers: summary.malformedAnswers.map(row),
  };
}

export interface EvalCommandInput {
  readonly file: string;
  readonly model: string;
  readonly compare: string | undefined;
  readonly examples: readonly EvalExample[];
  readonly record: TrainingFormat | null;
  /** A job recorded here made the model (`madeHere`): only then may a 404 mean it is warming up. */
  readonly madeHere?: boolean;
  readonly flags: FormatFlags;
  readonly concurrency: number;
  readonly maxTokens: number | undefined;
  readonly json: boolean;
  readonly judge?: JudgeSetup | undefined;
}

/** `--judge MODEL`: the judge, its rubric, and where it runs (null: the provider being evaluated). */
export interface JudgeSetup {
  readonly model: string;
  readonly rubric: string;
  readonly connection: { readonly provider: string | undefined; readonly baseUrl: string | undefined } | null;
}

/**
 * `fine-tune eval` once connected: progress on stderr when it is a terminal (at most ten redraws a
 * second), the report on stdout; a fine-tuned model a job recorded here made, not served yet, is
 * waited for.
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
      // Only the model a recorded job created may be warming up; a wrong id fails at once.
      ...(mayWarmUp(input.model, input.record !== null || input.madeHere === true)
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
  const judged = input.judge
    ? await judgeSession(client, input.judge, input, session.answers[0] ?? [])
    : undefined;
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
      ...(judged ? { judge: judgeJson(judged) } : {}),
    });
    return;
  }
  say(renderEvalReport(session.reports));
  if (judged) say(`\n${renderJudgeSection(judged.summary, process.stdout.columns ?? 80).join('\n')}\n`);
}
