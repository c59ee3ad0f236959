import type { Command } from 'commander';
import {
  collect,
  formatFlags,
  parseMaxTokens,
  parseTemperature,
  type RawFormatFlags,
} from './completion-flags.js';
import { addCommonOptions, printJson, withConnection } from './provider-options.js';

interface CompleteOptions extends RawFormatFlags {
  readonly model: string;
  readonly prompt: string;
  readonly maxTokens?: string;
  readonly temperature?: string;
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('complete')
      .description(
        'Stream one completion to stdout; the separator and stop sequence come from the job record ' +
          '(or --separator/--stop for models fine-tune did not train)',
      )
      .requiredOption('-m, --model <model>', 'model id (ft:…, a checkpoint, or a base model)')
      .requiredOption('-p, --prompt <text>', 'the prompt (the separator is appended for you)')
      .option('--max-tokens <n>', 'longest answer in tokens (default 256)')
      .option('--temperature <t>', 'sampling temperature, 0 to 2')
      .option('--stop <s>', 'stop sequence (repeatable; \\n escapes allowed)', collect)
      .option('--separator <s>', 'separator appended to the prompt (\\n escapes allowed)')
      .option('--system <text>', 'system prompt (chat models)')
      .option('--chat', 'use /chat/completions (chat models)'),
  ).action(async (options: CompleteOptions, command: Command) => {
    const maxTokens = parseMaxTokens(options.maxTokens) ?? 256;
    const temperature = parseTemperature(options.temperature);
    const jobs = await import('../store/jobs.js');
    const record = await jobs.findRecordForModel(options.model);
    const made = record !== null || (await jobs.madeHere(options.model));
    // A model fine-tune trained is queried where it was trained (its record names the provider).
    await withConnection(
      command,
      'model',
      async ({ client }, flags) => {
        const { runComplete } = await import('./complete-run.js');
        const result = await runComplete(client, {
          model: options.model,
          prompt: options.prompt,
          record,
          madeHere: made,
          flags: formatFlags(options),
          sampling: { max_tokens: maxTokens, ...(temperature !== undefined ? { temperature } : {}) },
          json: flags.json === true,
        });
        if (flags.json) printJson(result);
        // Stopped with Ctrl+C: what arrived is printed, and the status says it was interrupted.
        if (result.stopped) process.exitCode = 130;
      },
      record?.id,
    );
  });
}
