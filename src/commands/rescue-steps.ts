import { note, redraw } from './output.js';
import type { Connection } from '../api/connect.js';
import { followJob } from '../api/follow.js';
import { UserError } from '../core/errors.js';
import { noteJobEnded } from '../rescue/manifest.js';
import type { RecordProgress } from '../rescue/record-answers.js';
import { progressWords } from '../rescue/words.js';
import { pollMs } from './follow.js';

/** What `fine-tune rescue` says as it goes: one line on stderr (stdout is for the result). */
export const say = (line: string): void => note(`${line}\n`);

/** A redrawn progress line on a terminal; elsewhere one line per tenth of the way. */
export function progressPrinter(label: string) {
  const tty = process.stderr.isTTY === true;
  let drawn = 0;
  let tenth = -1;
  let open = false;
  return {
    update: (p: RecordProgress) => {
      if (tty) {
        if (p.done < p.total && p.waiting === null && Date.now() - drawn < 100) return;
        drawn = Date.now();
        open = true;
        redraw(`${label}: ${progressWords(p)}`);
        return;
      }
      const now = p.total === 0 ? 10 : Math.floor((p.done / p.total) * 10);
      if (now === tenth && p.waiting === null) return;
      tenth = now;
      say(`${label}: ${progressWords(p)}`);
    },
    /** Ends the redrawn line (once), so what follows starts on its own. */
    end: () => {
      if (open) note('\n');
      open = false;
    },
  };
}

/** Stops a step on Ctrl-C (and a polite kill): the step saves what it has and the rescue can go on later. */
export async function interruptible<T>(run: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = () => controller.abort(new Error('interrupted'));
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const name of signals) process.once(name, stop);
  try {
    return await run(controller.signal);
  } finally {
    for (const name of signals) process.removeListener(name, stop);
  }
}

/** The connection to retrain on: the source's own when it is the same provider, else a new one. */
export async function connectTarget(
  source: Connection,
  provider: string | undefined,
  baseUrl: string | undefined,
) {
  const name = provider ?? source.provider;
  if (name === source.provider && (baseUrl === undefined || baseUrl === '' || baseUrl === source.baseURL)) {
    return { connection: source, close: async () => undefined };
  }
  const { connect } = await import('../api/connect.js');
  const connection = await connect({ provider: name, baseUrl: baseUrl || undefined });
  return { connection, close: () => connection.close() };
}

/** Follows the retraining job to its end (Ctrl-C leaves it running) and notes its outcome. */
export async function followRetrain(target: Connection, jobId: string, json: boolean) {
  let last = '';
  const result = await interruptible((signal) =>
    followJob(target.client, jobId, {
      signal,
      pollMs: pollMs(target),
      explain: target.explain,
      onJob: (job) => {
        if (!json && job.status !== last) say(`Retrain: job ${job.id} ${job.status}`);
        last = job.status;
      },
    }),
  ).catch((error: unknown) => {
    if (error instanceof Error && error.message === 'interrupted') {
      throw new UserError(
        `stopped following ${jobId}; the job goes on. Run the same command to follow it and compare.`,
      );
    }
    throw error;
  });
  await noteJobEnded(result.job).catch(() => undefined);
  if (result.job.status !== 'succeeded') {
    throw new UserError(
      `the retraining job ${jobId} ${result.job.status}${result.job.error ? `: ${target.scrub(result.job.error.message)}` : ''}.`,
    );
  }
  return result.job;
}
