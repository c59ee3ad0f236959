import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Marks every process this test run starts (workers, binaries, their servers) through the environment. */
const RUN_MARK = 'FINE_TUNE_TEST_RUN';

/**
 * CLI tests run the built binary and the local server's training worker loads compiled code: a test
 * file run on its own must not silently use a stale dist/. Builds only when a source is newer than the
 * last build (a no-op under `npm test`, which has just built).
 */
export default function buildIfStale(): () => void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-if-stale.js', import.meta.url))], {
    stdio: 'inherit',
  });
  const mark = `${process.pid}-${Date.now()}`;
  process.env[RUN_MARK] = mark;
  return () => stopLeftoverServers(`${RUN_MARK}=${mark}`);
}

/**
 * After the last test: background local servers this run started and nobody stopped. A command that
 * starts one for a test's home can still be waiting for it when the test removes the home; the server
 * then starts in a removed folder, is never recorded (test/setup.ts stops the recorded ones), and would
 * idle for its ten minutes. Found by the mark in their environment, so another run's are left alone.
 * Linux only (/proc); elsewhere they stop by themselves.
 */
function stopLeftoverServers(mark: string): void {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const argv = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0');
      if (!argv.includes('serve') || !argv.includes('--background')) continue;
      if (!readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').includes(mark)) continue;
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
}
