import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/**
 * CLI tests run the built binary and the local server's training worker loads compiled code: a test
 * file run on its own must not silently use a stale dist/. Builds only when a source is newer than the
 * last build (a no-op under `npm test`, which has just built).
 */
export default function buildIfStale(): void {
  execFileSync(process.execPath, [fileURLToPath(new URL('../scripts/build-if-stale.js', import.meta.url))], {
    stdio: 'inherit',
  });
}
