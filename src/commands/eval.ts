import type { Command } from 'commander';
import {
  collect,
  formatFlags,
  parseConcurrency,
  parseMaxTokens,
  type RawFormatFlags,
} from './completion-flags.js';
import { addCommonOptions, withConnection } from './provider-options.js';

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
    const [{ readEvalExamples }, { findRecordForModel }] = await Promise.all([
      import('../api/eval-examples.js'),
      import('../store/jobs.js'),
    ]);
    const examples = await readEvalExamples(options.file);
    const record = await findRecordForModel(options.model);
    await withConnection(
      command,
      'model',
      async ({ client }, flags) => {
        const { runEvalCommand } = await import('./eval-command.js');
        await runEvalCommand(client, {
          file: options.file,
          model: options.model,
          compare: options.compare,
          examples,
          record,
          flags: formatFlags(options),
          concurrency,
          maxTokens,
          json: flags.json === true,
        });
      },
      record?.id,
    );
  });
}
