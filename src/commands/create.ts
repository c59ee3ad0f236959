import type { Command } from 'commander';
import { note, redraw, say } from './output.js';
import { DEFAULT_GIVE_UP, parseGiveUp, printFollow } from './follow.js';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import { addCommonOptions, printJson, withConnection } from './provider-options.js';
import { unescape } from './completion-flags.js';

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// Flags are validated once here; the API checks them again.
const flagsSchema = z.object({
  trainingFile: z.string().min(1),
  validationFile: z.string().min(1).optional(),
  model: z.string().min(1),
  suffix: z
    .string()
    .regex(/^[A-Za-z0-9._-]{1,64}$/, '1 to 64 of letters, digits, "-", "_", "."')
    .optional(),
  epochs: intIn(1, 50).optional(),
  batchSize: intIn(1, 256).optional(),
  lrMultiplier: z.coerce.number().positive().finite().optional(),
  seed: intIn(0, 2_147_483_647).optional(),
  separator: z.string().optional(),
  stop: z.string().optional(),
  systemPrompt: z.string().optional(),
  follow: z.boolean(),
  giveUpAfter: z.string(),
});
type CreateFlags = z.infer<typeof flagsSchema>;

function parseFlags(raw: unknown): CreateFlags {
  const result = flagsSchema.safeParse(raw);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new UsageError(`--${name}: ${issue?.message ?? 'invalid value'}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/**
 * Upload progress: a redrawn line on a terminal (at most once per percent). "Uploaded" is said once per
 * file, when the API accepted it, never when the bytes merely went out (a 500 or a 401 may follow).
 */
function uploadReporter(json: boolean) {
  const tty = process.stderr.isTTY === true;
  let shown = '';
  let open = false;
  return {
    progress(p: { which: string; sentBytes: number; totalBytes: number }): void {
      if (json || !tty) return;
      const pct = p.totalBytes === 0 ? 100 : Math.floor((p.sentBytes / p.totalBytes) * 100);
      const key = `${p.which}:${pct}`;
      if (key === shown) return;
      shown = key;
      open = true;
      redraw(
        `Uploading ${p.which} file: ${String(pct).padStart(3)}% (${megabytes(p.sentBytes)} / ${megabytes(p.totalBytes)})`,
      );
    },
    uploaded(u: { which: string; path: string; file: { id: string; bytes: number } }): void {
      if (json) return;
      const line = `Uploaded ${u.which} file ${u.path} (${megabytes(u.file.bytes)}) as ${u.file.id}`;
      if (tty) redraw(line, '\n');
      else note(`${line}\n`);
      open = false;
    },
    /** Ends a progress line left open by a failed upload, so the error starts a line of its own. */
    end(): void {
      if (open) note('\n');
      open = false;
    },
  };
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('create')
      .description('Upload the files, create a fine-tuning job and follow it (like fine_tunes.create)')
      .requiredOption('-t, --training-file <path>', 'prepared training file (.jsonl)')
      .option('-v, --validation-file <path>', 'prepared validation file (.jsonl)')
      .requiredOption('-m, --model <name>', 'base model, or an ft: model to continue training')
      .option('--suffix <text>', 'added to the model name (1-64 of letters, digits, - _ .)')
      .option('--epochs <n>', 'number of epochs, 1-50 (default: auto)')
      .option('--batch-size <n>', 'batch size, 1-256 (default: auto)')
      .option('--lr-multiplier <x>', 'learning rate multiplier, > 0 (default: auto)')
      .option('--seed <n>', 'seed for reproducible runs')
      .option(
        '--separator <text>',
        'prompt separator used in the data, \\n escapes allowed (remembered for `complete`)',
      )
      .option(
        '--stop <text>',
        'stop sequence used in the data, \\n escapes allowed (remembered for `complete`)',
      )
      .option('--system-prompt <text>', 'system prompt used in the data (remembered for `chat`)')
      .option('--no-follow', 'create the job and return at once')
      .option(
        '--give-up-after <time>',
        'when following: stop once requests have failed for this long (90s, 10m, 2h or never)',
        DEFAULT_GIVE_UP,
      ),
  )
    .addHelpText(
      'after',
      '\nWith --json: the job object when --no-follow is given, else one JSON line per event (as\n' +
        '`fine-tune follow --json`). Exit status when following: 0 when the job succeeds, 1 otherwise.',
    )
    .action(async (options: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(options);
      const giveUp = parseGiveUp(flags.giveUpAfter);
      await withConnection(command, 'upload', async (connection, common) => {
        const { startJob } = await import('../api/start-job.js');
        const json = common.json === true;
        const uploads = uploadReporter(json);
        const { job } = await startJob(
          connection,
          {
            model: flags.model,
            trainingPath: flags.trainingFile,
            validationPath: flags.validationFile,
            suffix: flags.suffix ?? null,
            seed: flags.seed ?? null,
            hyperparameters: {
              ...(flags.epochs !== undefined ? { nEpochs: flags.epochs } : {}),
              ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
              ...(flags.lrMultiplier !== undefined ? { learningRateMultiplier: flags.lrMultiplier } : {}),
            },
            separator: flags.separator === undefined ? undefined : unescape(flags.separator),
            stop: flags.stop === undefined ? undefined : unescape(flags.stop),
            systemPrompt: flags.systemPrompt,
          },
          { onProgress: (p) => uploads.progress(p), onUploaded: (u) => uploads.uploaded(u) },
        ).finally(() => uploads.end());
        if (!flags.follow) {
          if (json) printJson(job);
          else {
            say(`${job.id}\n`);
            note(`Created job ${job.id} (${job.status}). Follow it with: fine-tune follow ${job.id}\n`);
          }
          return;
        }
        if (!json) note(`Created job ${job.id}; following it (Ctrl-C detaches).\n`);
        await printFollow(connection, job.id, json, giveUp);
      });
    });
}
