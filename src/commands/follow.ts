import type { Command } from 'commander';
import { note, say } from './output.js';
import type { Connection } from '../api/connect.js';
import { pollInterval } from '../api/poll-interval.js';
import type { FineTuningJobEvent } from '../api/jobs.js';
import type { LossStep } from '../core/runs.js';
import { UsageError, UserError } from '../core/errors.js';
import { addCommonOptions, formatTime, printJson, withConnection } from './provider-options.js';

export function pollMs(connection: Connection): number {
  return pollInterval(connection.profile.onThisMachine);
}

/** How long `follow` keeps trying through failing requests unless told otherwise. */
export const DEFAULT_GIVE_UP = '10m';

/** `--give-up-after`: `90s`, `10m`, `2h` (a bare number is minutes), or `never`; in milliseconds. */
export function parseGiveUp(text: string): number | undefined {
  if (text.trim().toLowerCase() === 'never') return undefined;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(s|m|h)?\s*$/i.exec(text);
  const amount = Number(match?.[1]);
  if (!match || !(amount > 0)) {
    throw new UsageError(`--give-up-after: "${text}" is not a duration (e.g. 90s, 10m, 2h or never)`);
  }
  const unit = (match[2] ?? 'm').toLowerCase();
  return amount * (unit === 's' ? 1000 : unit === 'h' ? 3_600_000 : 60_000);
}

function minutes(ms: number): string {
  return ms < 60_000 ? `${Math.round(ms / 1000)} s` : `${Math.round(ms / 6000) / 10} min`;
}

function eventLine(event: FineTuningJobEvent): string {
  const level = event.level === 'info' ? '' : `${event.level}: `;
  return `[${formatTime(event.created_at)}] ${level}${event.message}\n`;
}

/**
 * Follows a job to its end, printing the history then live events (plain lines, or one JSON
 * object per line with `json`). Ctrl-C detaches: the job goes on. Resolves on success; a failed
 * or cancelled job becomes a UserError (exit 1).
 */
export async function printFollow(
  connection: Connection,
  jobId: string,
  json: boolean,
  giveUpAfterMs: number | undefined = parseGiveUp(DEFAULT_GIVE_UP),
): Promise<void> {
  const [{ followJob, FollowGaveUpError }, { noteJobEnded }, { lossStepOf, noteRun }, { metricsOf }] =
    await Promise.all([
      import('../api/follow.js'),
      import('../rescue/manifest.js'),
      import('../api/run-notes.js'),
      import('../api/metrics.js'),
    ]);
  // The losses seen on the way, for the run's note (`fine-tune runs`) once it ends.
  const steps: LossStep[] = [];
  let totalSteps: number | null = null;
  const controller = new AbortController();
  const detach = () => controller.abort(new Error('detached'));
  // Ctrl-C, a closed terminal or a polite kill: detach cleanly so the local server saves its state.
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const name of signals) process.once(name, detach);
  let lastStatus = '';
  try {
    const result = await followJob(connection.client, jobId, {
      signal: controller.signal,
      pollMs: pollMs(connection),
      backoffBaseMs: Math.min(1000, pollMs(connection)),
      ...(giveUpAfterMs === undefined ? {} : { giveUpAfterMs }),
      explain: connection.explain,
      checkpoints: connection.profile.supports.checkpoints,
      onEvent: (event) => {
        const step = lossStepOf(event);
        if (step !== null) {
          steps.push(step);
          totalSteps = metricsOf(event)?.totalSteps ?? totalSteps;
        }
        if (json) printJson(event, false);
        else say(eventLine(event));
      },
      onJob: (job) => {
        if (!json && job.status !== lastStatus) note(`status: ${job.status}\n`);
        lastStatus = job.status;
      },
      onState: (state) => {
        if (state.state === 'reconnecting') {
          const seconds = (state.retryInMs / 1000).toFixed(1);
          const left =
            giveUpAfterMs === undefined
              ? ''
              : ` Failing for ${minutes(state.failingForMs)}; giving up after ${minutes(giveUpAfterMs)}.`;
          note(`reconnecting in ${seconds}s: ${state.error.message}${left}\n`);
        }
      },
    });
    const { job } = result;
    // The model on the job's record and the outcome in its manifest, whatever the outcome.
    await noteJobEnded(job).catch(() => undefined);
    const place = { provider: connection.provider, baseURL: connection.ephemeral ? '' : connection.baseURL };
    await noteRun(place, job, steps, totalSteps);
    if (job.status === 'succeeded') {
      if (!json) {
        note(`Job ${job.id} succeeded: ${job.fine_tuned_model ?? '(no model name)'}\n`);
        const serving = connection.profile.servingNote;
        if (serving !== null) note(`${serving}\n`);
        for (const c of result.checkpoints) {
          note(`  checkpoint step ${c.step_number}: ${c.fine_tuned_model_checkpoint}\n`);
        }
        // A job made with compute_classification_metrics (legacy API) has them in its results file.
        const { classificationLine, classificationOf, readResults } = await import('../api/jobs.js');
        const rows = await readResults(connection.client, job).catch(() => []);
        const summary = classificationOf(rows);
        if (summary) {
          note(`  classification at step ${summary.step}: ${classificationLine(summary)}\n`);
        }
      }
      return;
    }
    if (job.status === 'cancelled') throw new UserError(`job ${job.id} was cancelled`);
    const why = job.error
      ? `${job.error.message}${job.error.param ? ` (field: ${job.error.param})` : ''}`
      : 'no reason given';
    throw new UserError(`job ${job.id} ${job.status}: ${connection.scrub(why)}`);
  } catch (error) {
    if (controller.signal.aborted) {
      // Ctrl-C: not a failure of the job, which goes on without us (130, as for any interrupt).
      note(`Detached; the job goes on. Re-attach with: fine-tune follow ${jobId}\n`);
      process.exitCode = 130;
      return;
    }
    if (error instanceof FollowGaveUpError) {
      throw new UserError(
        `stopped following ${jobId}: requests failed for ${minutes(error.failingForMs)} (${error.attempts} tries; the last: ${error.last.message}) The job itself may still be running: re-attach with \`fine-tune follow ${jobId}\` (--give-up-after sets how long to keep trying).`,
      );
    }
    throw error;
  } finally {
    for (const name of signals) process.removeListener(name, detach);
  }
}

export function register(program: Command): void {
  addCommonOptions(
    program
      .command('follow')
      .description('Re-attach to a job: its full event history, then live events until it ends')
      .argument('<job>', 'job id (ftjob-…, or ft-… for a job made with the legacy fine-tunes API)')
      .option(
        '--give-up-after <time>',
        'stop once requests have failed for this long: 90s, 10m, 2h or never (the job goes on)',
        DEFAULT_GIVE_UP,
      ),
  )
    .addHelpText(
      'after',
      '\nExit status: 0 when the job succeeds, 1 when it fails or is cancelled, or when requests kept\n' +
        'failing for the --give-up-after time (the job itself goes on; follow it again later).\n' +
        'With --json each event is printed as one JSON line (the API event object), oldest first.',
    )
    .action(async (jobId: string, options: { giveUpAfter: string }, command: Command) => {
      const giveUp = parseGiveUp(options.giveUpAfter);
      await withConnection(
        command,
        'job',
        (connection, flags) => printFollow(connection, jobId, flags.json === true, giveUp),
        jobId,
      );
    });
}
