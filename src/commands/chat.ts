import { resolve } from 'node:path';
import type { Command } from 'commander';
import { UsageError, UserError } from '../core/errors.js';
import { collect, formatFlags, type RawFormatFlags } from './completion-flags.js';
import { PROVIDER_HELP, withConnection } from './provider-options.js';

const NEEDS_TTY =
  'the chat tester needs an interactive terminal; without one use ' +
  '`fine-tune complete -m MODEL -p PROMPT` (or `fine-tune eval`).';

interface ChatOptions extends RawFormatFlags {
  readonly base?: string;
  readonly saveDir?: string;
}

export function register(program: Command): void {
  // The provider flags of the other commands, but no --json: the tester is interactive only.
  program
    .command('chat')
    .description('Talk to a model: streaming replies, checkpoints, side by side with the base model')
    .argument('[model]', 'model id (default: the newest model fine-tune trained)')
    .option('--base <model>', 'base model for compare mode (default: the one it was trained from)')
    .option('--stop <s>', 'stop sequence (repeatable; \\n escapes allowed)', collect)
    .option('--separator <s>', 'separator appended to prompts (completion models)')
    .option('--system <text>', 'system prompt (chat models)')
    .option('--chat', 'treat the model as a chat model')
    .option(
      '--save-dir <dir>',
      'where Ctrl+S saves transcripts (default: transcripts/ in the data directory)',
    )
    .option('--provider <name>', PROVIDER_HELP)
    .option('--base-url <url>', 'API base URL (e.g. a running `fine-tune serve`)')
    .action(async (model: string | undefined, options: ChatOptions, command: Command) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UserError(NEEDS_TTY, 2);
      const { findRecordForModel, listJobRecords, madeHere } = await import('../store/jobs.js');
      const chosen = model ?? (await listJobRecords()).find((r) => r.fineTunedModel !== null)?.fineTunedModel;
      if (chosen === undefined || chosen === null) {
        throw new UsageError(
          'name a model: `fine-tune chat MODEL` (no model trained by fine-tune was found)',
        );
      }
      const record = await findRecordForModel(chosen);
      const made = record !== null || (await madeHere(chosen));
      await withConnection(
        command,
        'model',
        async (connection) => {
          const { runChat } = await import('../app/chat/run-chat.js');
          await runChat({
            connection,
            model: chosen,
            baseModel: options.base,
            jobRecord: record,
            madeHere: made,
            flags: formatFlags(options),
            ...(options.saveDir === undefined ? {} : { saveDir: resolve(options.saveDir) }),
          });
        },
        record?.id,
      );
    });
}
