import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../core/errors.js';
import type { StartJobInput } from '../api/start-job.js';
import { addCommonOptions, printJson, withConnection, type RecordedProvider } from './provider-options.js';
import { unescape } from './completion-flags.js';

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// Flags are validated once here; the API checks them again.
const flagsSchema = z.object({
  from: z.string().min(1).optional(),
  trainingFile: z.string().min(1).optional(),
  validationFile: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
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
});
type CreateFlags = z.infer<typeof flagsSchema>;

function parseFlags(raw: unknown): CreateFlags {
  const result = flagsSchema.safeParse(raw);
  if (result.success) {
    const flags = result.data;
    if (flags.from !== undefined) {
      // The manifest names the data; only the base model, suffix and provider may be changed.
      if (flags.trainingFile !== undefined || flags.validationFile !== undefined) {
        throw new UsageError('--from: the manifest names the data files; leave out -t and -v');
      }
      return flags;
    }
    if (flags.trainingFile === undefined)
      throw new UsageError("required option '-t, --training-file <path>' not specified");
    if (flags.model === undefined) throw new UsageError("required option '-m, --model <name>' not specified");
    return flags;
  }
  const issue = result.error.issues[0];
  const name = String(issue?.path[0] ?? 'option').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
  throw new UsageError(`--${name}: ${issue?.message ?? 'invalid value'}`);
}

function megabytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** A redrawn progress line on a terminal (at most once per percent); one line per file otherwise. */
function uploadReporter(json: boolean) {
  const tty = process.stderr.isTTY === true;
  let shown = '';
  return (p: { which: string; path: string; sentBytes: number; totalBytes: number }) => {
    if (json) return;
    const done = p.sentBytes >= p.totalBytes;
    const pct = p.totalBytes === 0 ? 100 : Math.floor((p.sentBytes / p.totalBytes) * 100);
    const key = `${p.which}:${pct}`;
    if (key === shown) return;
    shown = key;
    if (tty) {
      process.stderr.write(
        `\rUploading ${p.which} file: ${String(pct).padStart(3)}% (${megabytes(p.sentBytes)} / ${megabytes(p.totalBytes)})`,
      );
      if (done) process.stderr.write('\n');
    } else if (done) {
      process.stderr.write(`Uploaded ${p.which} file ${p.path} (${megabytes(p.totalBytes)})\n`);
    }
  };
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('create')
      .description('Upload the files, create a fine-tuning job and follow it (like fine_tunes.create)')
      .option('-t, --training-file <path>', 'prepared training file (.jsonl)')
      .option('-v, --validation-file <path>', 'prepared validation file (.jsonl)')
      .option('-m, --model <name>', 'base model, or an ft: model to continue training')
      .option(
        '--from <manifest>',
        'retrain from a job manifest (its data, checked unchanged, and settings); -m and --provider may change the base',
      )
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
      .option('--no-follow', 'create the job and return at once'),
  )
    .addHelpText(
      'after',
      '\nWith --json: the job object when --no-follow is given, else one JSON line per event (as\n' +
        '`fine-tune follow --json`). Exit status when following: 0 when the job succeeds, 1 otherwise.',
    )
    .action(async (options: Record<string, unknown>, command: Command) => {
      const flags = parseFlags(options);
      const { input, fallback } = await jobInputOf(flags);
      await withConnection(
        command,
        'upload',
        async (connection, common) => {
          const { startJobWithManifest } = await import('../rescue/manifest.js');
          const json = common.json === true;
          const progress = uploadReporter(json);
          const { job, manifest } = await startJobWithManifest(connection, input, { onProgress: progress });
          if (!json) process.stderr.write(`Manifest: ${manifest}\n`);
          if (!flags.follow) {
            if (json) printJson(job);
            else {
              process.stdout.write(`${job.id}\n`);
              process.stderr.write(
                `Created job ${job.id} (${job.status}). Follow it with: fine-tune follow ${job.id}\n`,
              );
            }
            return;
          }
          if (!json) process.stderr.write(`Created job ${job.id}; following it (Ctrl-C detaches).\n`);
          const { printFollow } = await import('./follow.js');
          await printFollow(connection, job.id, json);
        },
        undefined,
        fallback,
      );
    });
}

/** The job to start: from the flags, or from a manifest (whose provider applies unless one is chosen). */
async function jobInputOf(
  flags: CreateFlags,
): Promise<{ input: StartJobInput; fallback?: RecordedProvider }> {
  const hyperparameters = {
    ...(flags.epochs !== undefined ? { nEpochs: flags.epochs } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
    ...(flags.lrMultiplier !== undefined ? { learningRateMultiplier: flags.lrMultiplier } : {}),
  };
  if (flags.from !== undefined) {
    const { inputFromManifest } = await import('../rescue/manifest.js');
    const { input, manifest } = await inputFromManifest(flags.from, {
      model: flags.model,
      suffix: flags.suffix,
    });
    return {
      input: {
        ...input,
        hyperparameters: { ...input.hyperparameters, ...hyperparameters },
        ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
      },
      fallback: {
        provider: manifest.provider,
        baseUrl: manifest.baseURL === '' ? undefined : manifest.baseURL,
        reason: `the manifest's job ran on the ${manifest.provider} provider`,
      },
    };
  }
  return {
    input: {
      model: flags.model ?? '',
      trainingPath: flags.trainingFile ?? '',
      validationPath: flags.validationFile,
      suffix: flags.suffix ?? null,
      seed: flags.seed ?? null,
      hyperparameters,
      separator: flags.separator === undefined ? undefined : unescape(flags.separator),
      stop: flags.stop === undefined ? undefined : unescape(flags.stop),
      systemPrompt: flags.systemPrompt,
    },
  };
}
