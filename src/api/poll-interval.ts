/**
 * How often a running job is asked for news: FINE_TUNE_POLL_MS when set (tests and impatient users),
 * else every 500 ms from the local server, on this machine and cheap to ask, and every 3 s from a
 * remote API. `follow`, the wizard's job panel and the rescue's retraining all poll this often.
 */
export function pollInterval(onThisMachine: boolean, env: NodeJS.ProcessEnv = process.env): number {
  const fromEnv = Number(env.FINE_TUNE_POLL_MS);
  if (Number.isFinite(fromEnv) && fromEnv > 0) return fromEnv;
  return onThisMachine ? 500 : 3000;
}
