import type { Command } from 'commander';
import type { Connection } from '../api/connect.js';
import type { FineTuningJobEvent } from '../api/jobs.js';
import { UserError } from '../core/errors.js';
import { addCommonOptions, formatTime, printJson, withConnection } from './provider-options.js';

export function pollMs(connection: Connection): number {
  const fromEnv = Number(process.env.FINE_TUNE_POLL_MS);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  // The in-process server is cheap to ask; a remote API is asked every few seconds.
  return connection.provider === 'local' ? 500 : 3000;
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
export async function printFollow(connection: Connection, jobId: string, json: boolean): Promise<void> {
  const [{ followJob }, { noteJobEnded }] = await Promise.all([
    import('../api/follow.js'),
    import('../rescue/manifest.js'),
  ]);
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
      explain: connection.explain,
      onEvent: (event) => {
        if (json) printJson(event, false);
        else process.stdout.write(eventLine(event));
      },
      onJob: (job) => {
        if (!json && job.status !== lastStatus) process.stderr.write(`status: ${job.status}\n`);
        lastStatus = job.status;
      },
      onState: (state) => {
        if (state.state === 'reconnecting') {
          const seconds = (state.retryInMs / 1000).toFixed(1);
          process.stderr.write(`reconnecting in ${seconds}s (${state.error.message})\n`);
        }
      },
    });
    const { job } = result;
    // The model on the job's record and the outcome in its manifest, whatever the outcome.
    await noteJobEnded(job).catch(() => undefined);
    if (job.status === 'succeeded') {
      if (!json) {
        process.stderr.write(`Job ${job.id} succeeded: ${job.fine_tuned_model ?? '(no model name)'}\n`);
        for (const c of result.checkpoints) {
          process.stderr.write(`  checkpoint step ${c.step_number}: ${c.fine_tuned_model_checkpoint}\n`);
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
      process.stderr.write(`Detached; the job goes on. Re-attach with: fine-tune follow ${jobId}\n`);
      process.exitCode = 130;
      return;
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
      .argument('<job>', 'job id (ftjob-…)'),
  )
    .addHelpText(
      'after',
      '\nExit status: 0 when the job succeeds, 1 when it fails or is cancelled.\n' +
        'With --json each event is printed as one JSON line (the API event object), oldest first.',
    )
    .action(async (jobId: string, _options: unknown, command: Command) => {
      await withConnection(
        command,
        'job',
        (connection, flags) => printFollow(connection, jobId, flags.json === true),
        jobId,
      );
    });
}
