import type { Command } from 'commander';
import {
  collect,
  formatFlags,
  parseConcurrency,
  parseMaxTokens,
  type RawFormatFlags,
} from './completion-flags.js';
import { addCommonOptions, withConnection } from './provider-options.js';
import { UsageError, UserError } from '../core/errors.js';
import type { EvalExample } from '../api/eval-examples.js';
import type { JudgeSetup } from './eval-command.js';

async function judgeSetup(options: EvalOptions, examples: readonly EvalExample[]): Promise<JudgeSetup> {
  const [{ readRubric }, { taskKind }] = await Promise.all([
    import('./eval-judge.js'),
    import('../core/eval-metrics.js'),
  ]);
  if (taskKind(examples.map((e) => e.expected)) === 'classification') {
    throw new UserError(
      `${options.file}: classification data is scored by label (accuracy, F1); --judge is for generation answers.`,
    );
  }
  const rubric = await readRubric(options.rubric);
  const separate = options.judgeProvider !== undefined || options.judgeBaseUrl !== undefined;
  return {
    model: options.judge ?? '',
    rubric,
    connection: separate ? { provider: options.judgeProvider, baseUrl: options.judgeBaseUrl } : null,
  };
}

interface EvalOptions extends RawFormatFlags {
  readonly model?: string;
  readonly checkpoints?: string;
  readonly file: string;
  readonly concurrency?: string;
  readonly compare?: string;
  readonly maxTokens?: string;
  readonly judge?: string;
  readonly judgeProvider?: string;
  readonly judgeBaseUrl?: string;
  readonly rubric?: string;
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('eval')
      .description(
        'Score a model on a validation file: accuracy, per-class precision/recall/F1 and a confusion ' +
          'matrix for classification; exact match and token F1 for generation',
      )
      .option('-m, --model <model>', 'model to evaluate')
      .option(
        '--checkpoints <job>',
        'score every checkpoint the provider lists for this job and its final model, the best marked (instead of -m)',
      )
      .requiredOption('-f, --file <file>', 'validation file (prompt/completion or chat JSONL)')
      .option('--concurrency <n>', 'requests in flight at once (default 4)')
      .option('--compare <base>', 'also score this model (e.g. the base) in the same table')
      .option('--max-tokens <n>', 'answer length (default: from the longest expected answer)')
      .option('--stop <s>', 'stop sequence (repeatable; \\n escapes allowed)', collect)
      .option('--separator <s>', 'separator appended to prompts that lack it')
      .option('--system <text>', 'system prompt for chat examples that have none')
      .option('--judge <model>', 'also have this chat model score each answer 1-5 against the expected one')
      .option('--judge-provider <name>', 'provider of the judge (default: the one evaluated)')
      .option('--judge-base-url <url>', 'API base URL of the judge')
      .option('--rubric <file>', "the judge's instructions (default: examples/judge-rubric.md)"),
  ).action(async (options: EvalOptions, command: Command) => {
    if ((options.model === undefined) === (options.checkpoints === undefined)) {
      throw new UsageError(
        'give a model to score (-m MODEL) or a job whose checkpoints to score (--checkpoints JOB)',
      );
    }
    if (options.checkpoints !== undefined && options.compare !== undefined) {
      throw new UsageError('--compare goes with -m, not with --checkpoints (which compares the checkpoints)');
    }
    const concurrency = parseConcurrency(options.concurrency) ?? 4;
    const maxTokens = parseMaxTokens(options.maxTokens);
    const [{ readEvalExamples }, { findRecordForModel, madeHere }] = await Promise.all([
      import('../api/eval-examples.js'),
      import('../store/jobs.js'),
    ]);
    const examples = await readEvalExamples(options.file);
    if (!options.judge && (options.rubric ?? options.judgeProvider ?? options.judgeBaseUrl) !== undefined) {
      throw new UsageError('--rubric, --judge-provider and --judge-base-url go with --judge MODEL.');
    }
    const jobId = options.checkpoints;
    if (jobId !== undefined && options.judge !== undefined) {
      throw new UsageError('--judge scores one model (-m MODEL), not --checkpoints.');
    }
    if (jobId !== undefined) {
      const { loadJobRecord } = await import('../store/jobs.js');
      const record = await loadJobRecord(jobId).catch(() => null);
      await withConnection(
        command,
        'job',
        async ({ client, profile }, flags) => {
          const { runCheckpointEval } = await import('./eval-checkpoints.js');
          await runCheckpointEval(client, profile, {
            jobId,
            file: options.file,
            examples,
            record,
            flags: formatFlags(options),
            concurrency,
            maxTokens,
            json: flags.json === true,
          });
        },
        jobId,
      );
      return;
    }
    const model = options.model ?? '';
    const judge = options.judge ? await judgeSetup(options, examples) : undefined;
    const record = await findRecordForModel(model);
    const made = record !== null || (await madeHere(model));
    await withConnection(
      command,
      'model',
      async ({ client }, flags) => {
        const { runEvalCommand } = await import('./eval-command.js');
        await runEvalCommand(client, {
          file: options.file,
          model,
          compare: options.compare,
          examples,
          record,
          madeHere: made,
          flags: formatFlags(options),
          concurrency,
          maxTokens,
          json: flags.json === true,
          judge,
        });
      },
      record?.id,
    );
  });
}
