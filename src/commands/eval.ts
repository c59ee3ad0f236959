import type { Command } from 'commander';
import {
  collect,
  formatFlags,
  parseConcurrency,
  parseMaxTokens,
  type RawFormatFlags,
} from './completion-flags.js';
import { addCommonOptions, printJson, withConnection } from './provider-options.js';

interface EvalOptions extends RawFormatFlags {
  readonly model: string;
  readonly file: string;
  readonly concurrency?: string;
  readonly compare?: string;
  readonly maxTokens?: string;
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('eval')
      .description(
        'Score a model on a validation file: accuracy, per-class precision/recall/F1 and a confusion ' +
          'matrix for classification; exact match and token F1 for generation',
      )
      .requiredOption('-m, --model <model>', 'model to evaluate')
      .requiredOption('-f, --file <file>', 'validation file (prompt/completion or chat JSONL)')
      .option('--concurrency <n>', 'requests in flight at once (default 4)')
      .option('--compare <base>', 'also score this model (e.g. the base) in the same table')
      .option('--max-tokens <n>', 'answer length (default: from the longest expected answer)')
      .option('--stop <s>', 'stop sequence (repeatable; \\n escapes allowed)', collect)
      .option('--separator <s>', 'separator appended to prompts that lack it')
      .option('--system <text>', 'system prompt for chat examples that have none'),
  ).action(async (options: EvalOptions, command: Command) => {
    const concurrency = parseConcurrency(options.concurrency) ?? 4;
    const maxTokens = parseMaxTokens(options.maxTokens);
    const { readEvalExamples } = await import('../api/eval-examples.js');
    const examples = await readEvalExamples(options.file);
    const { findRecordForModel } = await import('../store/jobs.js');
    const record = await findRecordForModel(options.model);
    await withConnection(
      command,
      'model',
      async ({ client }, flags) => {
        const [{ evaluate }, { queryFormat }, { renderEvalReport }, { progressLine }] = await Promise.all([
          import('../api/eval-session.js'),
          import('../api/completions-format.js'),
          import('../core/eval-report.js'),
          import('./eval-progress.js'),
        ]);
        const endpoint = examples[0]?.endpoint ?? 'completions';
        const format = { ...queryFormat(options.model, record, formatFlags(options), endpoint), endpoint };
        const models = options.compare ? [options.model, options.compare] : [options.model];
        const showProgress = process.stderr.isTTY === true;
        let drawnAt = 0;
        const session = await evaluate(client, {
          examples,
          models,
          format,
          maxTokens,
          run: {
            concurrency,
            onBackoff: (ms) => {
              if (showProgress)
                process.stderr.write(`\rrate limited: waiting ${Math.ceil(ms / 1000)}s\x1b[K`);
            },
          },
          onProgress: (done, total) => {
            // At most ten redraws a second: thousands of examples should not flood the terminal.
            if (!showProgress || (done < total && Date.now() - drawnAt < 100)) return;
            drawnAt = Date.now();
            process.stderr.write(`\r${progressLine(done, total, process.stderr.columns ?? 80)}`);
          },
        });
        if (showProgress) process.stderr.write('\r\x1b[K');
        const [main, ...rest] = session.reports;
        if (flags.json) {
          return printJson({
            file: options.file,
            model: options.model,
            maxTokens: session.maxTokens,
            ...main?.report,
            ...(rest[0] ? { compare: { model: rest[0].model, ...rest[0].report } } : {}),
          });
        }
        process.stdout.write(renderEvalReport(session.reports));
      },
      record?.id,
    );
  });
}
