// The wizard and the commands start the local provider as a background server, one per data directory,
// which outlives them (it stops by itself after 10 idle minutes). A script that made a data directory
// of its own stops that server before removing the directory, as a user would: `fine-tune serve --stop`.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('../bin/fine-tune.js', import.meta.url));

/** Stops the background server of the data directory `home` (FINE_TUNE_HOME), if one runs. */
export function stopLocalServer(home) {
  const env = { ...process.env, FINE_TUNE_HOME: home };
  delete env.FINE_TUNE_PROVIDER;
  delete env.OPENAI_API_KEY;
  spawnSync(process.execPath, [BIN, 'serve', '--stop'], { env, stdio: 'ignore', timeout: 15_000 });
}
