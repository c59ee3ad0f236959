import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { addCommonOptions, withConnection } from './provider-options.js';

const whole = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// Flags are validated once here; every step checks its own inputs again.
const flagsSchema = z.object({
  out: z.string().min(1).optional(),
  trainingFile: z.string().min(1).optional(),
  validationFile: z.string().min(1).optional(),
  prompts: z.string().min(1).optional(),
  sample: whole(1, 100_000).optional(),
  concurrency: whole(1, 64).optional(),
  toProvider: z.string().min(1).optional(),
  toBaseUrl: z.string().min(1).optional(),
  toModel: z.string().min(1).optional(),
  suffix: z.string().optional(),
  epochs: whole(1, 50).optional(),
  batchSize: whole(1, 256).optional(),
  lrMultiplier: z.coerce.number().positive().finite().optional(),
  follow: z.boolean(),
  live: z.boolean().optional(),
});
export type RescueFlags = z.infer<typeof flagsSchema>;

function parseFlags(raw: unknown): RescueFlags {
  const result = flagsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new UsageError(`--${name}: ${issue?.message ?? 'invalid value'}`);
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('rescue')
      .description(
        'Rescue fine-tuned models before they are shut down: without MODEL, what you own and when it stops ' +
          'answering; with MODEL, keep its data, record a golden set, retrain it elsewhere and compare',
      )
      .argument('[model]', 'the fine-tuned model to rescue (ft:…)')
      .option('--out <dir>', 'rescue folder (default: ./rescue-MODEL)')
      .option('--training-file <path>', 'your copy of the training data, when the provider no longer has it')
      .option(
        '--validation-file <path>',
        'your copy of the validation data, when the provider no longer has it or the job had none',
      )
      .option('--prompts <file>', 'golden-set inputs from this JSONL file instead of the validation data')
      .option('--sample <n>', 'without validation data: inputs sampled from training (default 200)')
      .option('--concurrency <n>', 'requests in flight at once (default 4)')
      .option('--to-provider <name>', 'retrain on this provider (default: the current one)')
      .option('--to-base-url <url>', 'base URL of the provider to retrain on')
      .option(
        '--to-model <model>',
        'base model to retrain on; without it the rescue stops after the golden set',
      )
      .option('--suffix <text>', 'suffix of the new model (default: the old one)')
      .option('--epochs <n>', 'override the epochs carried over')
      .option('--batch-size <n>', 'override the batch size carried over')
      .option('--lr-multiplier <x>', 'override the learning-rate multiplier carried over')
      .option('--live', 'also ask the old model again while it still answers, as a baseline')
      .option('--no-follow', 'create the retraining job and return; run the same command later to compare'),
  )
    .addHelpText(
      'after',
      '\nEvery step saves where it got to in the rescue folder (rescue.json): the same command goes on\n' +
        'from there (the golden set resumes; a job already created is followed, not created again).\n' +
        'With --json: the inventory, or a summary of the rescue, on stdout; progress stays on stderr.\n' +
        'A job created here gets a manifest beside its data: `fine-tune create --from MANIFEST` retrains from it.',
    )
    .action(async (model: string | undefined, options: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(options);
      await withConnection(command, 'model', async (connection, common) => {
        const { printInventory, runRescue } = await import('./rescue-run.js');
        const json = common.json === true;
        if (model === undefined) return printInventory(connection, json);
        return runRescue(connection, model, flags, json);
      });
    });
}
