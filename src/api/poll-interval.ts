/** FINE_TUNE_POLL_MS, when set to a positive number: how often every job watcher asks for news. */
export function pollMsFromEnv(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const fromEnv = Number(env.FINE_TUNE_POLL_MS);
  return Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : undefined;
}

/**
 * How often `follow` and the rescue's retraining ask a running job for news: FINE_TUNE_POLL_MS, else
 * every 500 ms from the local server (on this machine, cheap to ask) and every 3 s from a remote API.
 * The wizard's job panel asks every second unless FINE_TUNE_POLL_MS says otherwise: each answer
 * redraws the panel, and its CPU share is measured (docs/benchmarks.md).
 */
export function pollInterval(onThisMachine: boolean, env: NodeJS.ProcessEnv = process.env): number {
  return pollMsFromEnv(env) ?? (onThisMachine ? 500 : 3000);
}

/** The job panel's interval (see `pollInterval`). */
export const PANEL_POLL_MS = 1000;
