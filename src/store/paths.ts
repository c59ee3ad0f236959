import { join } from 'node:path';
import envPaths from 'env-paths';

/**
 * Where fine-tune keeps its own state. `FINE_TUNE_HOME` moves all of it (tests point it at a
 * temporary directory so they never touch the real data directory).
 */
export function dataHome(env: NodeJS.ProcessEnv = process.env): string {
  const override = env.FINE_TUNE_HOME;
  if (override !== undefined && override !== '') return override;
  return envPaths('fine-tune', { suffix: '' }).data;
}

/** One JSON record per job created through fine-tune. */
export function jobsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataHome(env), 'jobs');
}

/**
 * The local server's files, jobs and models (and its record, server.json), so any process finds them.
 * Without FINE_TUNE_HOME this is the server's own default, shared with `fine-tune serve`.
 */
export function localServerDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataHome(env), 'local');
}

/** Chat transcripts saved with Ctrl+S (never the working directory, which they would clutter). */
export function transcriptsDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataHome(env), 'transcripts');
}
