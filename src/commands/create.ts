import type { Command } from 'commander';
import { note, redraw, say } from './output.js';
import { DEFAULT_GIVE_UP, parseGiveUp, printFollow } from './follow.js';
import { z } from 'zod';
import { UsageError, UserError } from '../core/errors.js';
import { plural } from '../core/numbers.js';
import type { JobRecord } from '../store/jobs.js';
import type { hyperparameterProblems, Hyperparameters, suffixProblem } from '../api/jobs.js';
import type { ProviderProfile } from '../api/providers/profile.js';
import { unsupportedSentence } from '../api/providers/capabilities.js';
import type { StartJobInput } from '../api/start-job.js';
import {
  addCommonOptions,
  printJson,
  selectedProfile,
  withConnection,
  type RecordedProvider,
} from './provider-options.js';
import { unescape } from './completion-flags.js';
import type { Connection } from '../api/connect.js';
import type { CommonFlags } from './provider-options.js';

const intIn = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

// Flags are validated once here; the API checks them again.
const flagsSchema = z.object({
  from: z.string().min(1).optional(),
  fromJob: z.string().min(1).optional(),
  corrections: z.union([z.string().min(1), z.boolean()]).optional(),
  trainingFile: z.string().min(1).optional(),
  validationFile: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  // The provider's own rules (suffix, ranges) are checked once its row is known, in the action.
  suffix: z.string().min(1).optional(),
  epochs: z.coerce.number().finite().optional(),
  batchSize: z.coerce.number().finite().optional(),
  lrMultiplier: z.coerce.number().positive().finite().optional(),
  learningRate: z.coerce.number().positive().finite().optional(),
  trainingType: z.string().min(1).optional(),
  weights: z.string().min(1).optional(),
  seed: intIn(0, 2_147_483_647).optional(),
  earlyStop: intIn(1, 50).optional(),
  separator: z.string().optional(),
  stop: z.string().optional(),
  systemPrompt: z.string().optional(),
  follow: z.boolean(),
  giveUpAfter: z.string(),
});
export type CreateFlags = z.infer<typeof flagsSchema>;

function parseFlags(raw: unknown): CreateFlags {
  const result = flagsSchema.safeParse(raw);
  if (result.success) {
    const flags = result.data;
    if (flags.fromJob !== undefined) {
      // The job names the data, the base (its fine-tuned model) and the settings; flags may change settings.
      if (
        flags.from !== undefined ||
        flags.trainingFile !== undefined ||
        flags.validationFile !== undefined
      ) {
        throw new UsageError('--from-job: the job names the data files; leave out --from, -t and -v');
      }
      if (flags.model !== undefined) {
        throw new UsageError("--from-job: the base is the job's fine-tuned model; leave out -m");
      }
      return flags;
    }
    if (flags.from !== undefined) {
      // The manifest names the data; only the base model, suffix, settings and provider may change.
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

type Checks = { hyperparameterProblems: typeof hyperparameterProblems; suffixProblem: typeof suffixProblem };

/**
 * The flags checked against the provider's row (its suffix rule, ranges, learning-rate flag and
 * create options), as usage errors naming the flag.
 */
export function rowFlags(
  flags: CreateFlags,
  profile: ProviderProfile,
  hyperparameterProblems: Checks['hyperparameterProblems'],
  suffixProblem: Checks['suffixProblem'],
): { hyperparameters: Hyperparameters; chosen: Record<string, string> } {
  const lr = profile.hyperparameters.learningRate;
  const other = lr.flag === '--lr-multiplier' ? '--learning-rate' : '--lr-multiplier';
  if ((lr.flag === '--lr-multiplier' ? flags.learningRate : flags.lrMultiplier) !== undefined) {
    throw new UsageError(`${other}: ${profile.label} takes ${lr.flag} (${lr.label.toLowerCase()}) instead`);
  }
  const rate = flags.lrMultiplier ?? flags.learningRate;
  const hyperparameters: Hyperparameters = {
    ...(flags.epochs !== undefined ? { nEpochs: flags.epochs } : {}),
    ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
    ...(rate !== undefined ? { learningRate: rate } : {}),
    ...(flags.earlyStop !== undefined ? { earlyStop: flags.earlyStop } : {}),
  };
  if (flags.earlyStop !== undefined && !profile.supports.earlyStop) {
    throw new UsageError(`--early-stop: ${unsupportedSentence(profile, 'earlyStop')}`);
  }
  if (flags.earlyStop !== undefined && flags.from === undefined && flags.validationFile === undefined) {
    throw new UsageError(
      '--early-stop needs a validation file (-v): it stops when validation loss stops improving',
    );
  }
  const suffix = flags.suffix === undefined ? null : suffixProblem(flags.suffix, profile);
  if (suffix !== null) throw new UsageError(`--suffix: ${suffix}`);
  const [problem] = hyperparameterProblems(hyperparameters, profile, 'flag');
  if (problem !== undefined) throw new UsageError(problem);
  const chosen: Record<string, string> = {};
  for (const [flag, value] of [
    ['--training-type', flags.trainingType],
    ['--weights', flags.weights],
  ] as const) {
    if (value === undefined) continue;
    const option = profile.createOptions.find((o) => o.flag === flag);
    if (option === undefined)
      throw new UsageError(`${flag} is not an option of the ${profile.name} provider`);
    const choice = option.choices.find((c) => c.toLowerCase() === value.toLowerCase());
    if (choice === undefined) throw new UsageError(`${flag}: one of ${option.choices.join(', ')}`);
    chosen[option.key] = choice;
  }
  return { hyperparameters, chosen };
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
      .option('-t, --training-file <path>', 'prepared training file (.jsonl)')
      .option('-v, --validation-file <path>', 'prepared validation file (.jsonl)')
      .option('-m, --model <name>', 'base model, or an ft: model to continue training')
      .option(
        '--from <manifest>',
        'retrain from a job manifest (its data, checked unchanged, and settings); -m and --provider may change the base',
      )
      .option(
        '--from-job <job>',
        "train more: the job's fine-tuned model as the base, the same data plus the corrections, the same settings",
      )
      .option(
        '--corrections [file]',
        'add the corrections (default: the _corrections.jsonl beside the training file) to the training data',
      )
      .option('--no-corrections', 'leave the corrections out (also with --from-job, which includes them)')
      .option(
        '--suffix <text>',
        'added to the model name (OpenAI: 1-64 of letters, digits, - _ .; Azure: no dots, at most 40)',
      )
      .option('--epochs <n>', 'number of epochs, 1-50 (default: auto, or the provider default)')
      .option('--batch-size <n>', 'batch size, 1-256 (default: auto)')
      .option('--lr-multiplier <x>', 'learning rate multiplier, > 0 (openai, azure, compatible, local)')
      .option('--learning-rate <x>', 'learning rate, e.g. 0.00001 (nebius, together)')
      .option('--training-type <type>', 'azure: GlobalStandard (default), Standard or Developer')
      .option('--weights <kind>', 'nebius, together: LoRA (default) or full')
      .option('--seed <n>', 'seed for reproducible runs')
      .option(
        '--early-stop <n>',
        'local: stop after N epochs without a lower validation loss; the model is the best checkpoint (off by default)',
      )
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
      const manifest = flags.from === undefined ? null : await manifestJob(flags.from, flags);
      const fallback = manifest?.fallback;
      const [{ hyperparameterProblems, suffixProblem }, profile] = await Promise.all([
        import('../api/jobs.js'),
        selectedProfile(command, flags.fromJob, fallback),
      ]);
      const { hyperparameters, chosen } = rowFlags(flags, profile, hyperparameterProblems, suffixProblem);
      const given: StartJobInput = manifest
        ? {
            ...manifest.input,
            hyperparameters: { ...manifest.input.hyperparameters, ...hyperparameters },
            options: { ...manifest.input.options, ...chosen },
            ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
          }
        : {
            model: flags.model ?? '',
            trainingPath: flags.trainingFile ?? '',
            validationPath: flags.validationFile,
            suffix: flags.suffix ?? null,
            seed: flags.seed ?? null,
            hyperparameters,
            options: chosen,
            separator: flags.separator === undefined ? undefined : unescape(flags.separator),
            stop: flags.stop === undefined ? undefined : unescape(flags.stop),
            systemPrompt: flags.systemPrompt,
          };
      const giveUp = parseGiveUp(flags.giveUpAfter);
      const record = flags.fromJob === undefined ? null : await jobRecordOf(flags.fromJob);
      const work = async (connection: Connection, common: CommonFlags): Promise<void> => {
        const { startJobWithManifest } = await import('../rescue/manifest.js');
        const json = common.json === true;
        const input = record
          ? await trainMore(connection, record, flags, hyperparameters, json)
          : await withChosenCorrections(given, flags.corrections, json);
        const uploads = uploadReporter(json);
        const { job, manifest: written } = await startJobWithManifest(connection, input, {
          onProgress: (p) => uploads.progress(p),
          onUploaded: (u) => uploads.uploaded(u),
        }).finally(() => uploads.end());
        if (!json) note(`Manifest: ${written}\n`);
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
      };
      await withConnection(command, 'upload', work, flags.fromJob, fallback);
    });
}

/** The job a manifest describes (its data checked unchanged), and the provider it ran on. */
async function manifestJob(
  path: string,
  flags: CreateFlags,
): Promise<{ input: StartJobInput; fallback: RecordedProvider }> {
  const { inputFromManifest } = await import('../rescue/manifest.js');
  const { input, manifest } = await inputFromManifest(path, { model: flags.model, suffix: flags.suffix });
  return {
    input,
    fallback: {
      provider: manifest.provider,
      baseUrl: manifest.baseURL === '' ? undefined : manifest.baseURL,
      reason: `the manifest's job ran on the ${manifest.provider} provider`,
    },
  };
}

async function jobRecordOf(id: string): Promise<JobRecord> {
  const { loadJobRecord } = await import('../store/jobs.js');
  const record = await loadJobRecord(id).catch(() => null);
  if (record === null) {
    throw new UserError(`${id}: no record of this job here (fine-tune keeps one for each job it creates).`);
  }
  return record;
}

/** `--from-job`: the job's model, data plus corrections and settings, flags over them; the warning said. */
async function trainMore(
  connection: Connection,
  record: JobRecord,
  flags: CreateFlags,
  hyperparameters: Hyperparameters,
  json: boolean,
): Promise<StartJobInput> {
  const { trainMoreInput } = await import('./train-more.js');
  const more = await trainMoreInput(connection, record, {
    suffix: flags.suffix,
    corrections: flags.corrections,
  });
  if (!json) note(`${more.warning}\n`);
  return {
    ...more.input,
    hyperparameters: { ...more.input.hyperparameters, ...hyperparameters },
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
  };
}

/**
 * A plain `create`: corrections beside the training file are included with `--corrections`, left out
 * with `--no-corrections`; without either, a terminal is asked and a script is told how to include them.
 */
async function withChosenCorrections(
  input: StartJobInput,
  flag: string | boolean | undefined,
  json: boolean,
): Promise<StartJobInput> {
  const { correctionsToInclude, trainingWith } = await import('./train-more.js');
  const found = await correctionsToInclude(input.trainingPath, flag, false);
  let chosen = found;
  if (found === null && flag === undefined) {
    const waiting = await correctionsToInclude(input.trainingPath, true, false);
    if (waiting !== null) {
      const ask = !json && process.stdin.isTTY === true && process.stderr.isTTY === true;
      const yes =
        ask && (await askYes(`Include ${plural(waiting.rows, 'correction')} from ${waiting.path}? [y/N] `));
      if (yes) chosen = waiting;
      else if (!json) {
        note(
          `${plural(waiting.rows, 'correction')} in ${waiting.path} left out (add --corrections to include them).\n`,
        );
      }
    }
  }
  if (chosen === null) return input;
  if (!json)
    note(
      `Training on ${input.trainingPath} plus ${plural(chosen.rows, 'correction')} from ${chosen.path}.\n`,
    );
  return { ...input, trainingPath: await trainingWith(input.trainingPath, chosen) };
}

async function askYes(question: string): Promise<boolean> {
  const { createInterface } = await import('node:readline/promises');
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    return /^y(es)?$/iu.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
