import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Below this many rows the dead tables do not bring the peak near the 200 MB goal (200k rows: about
 * 155 MB either way), and the two full collections cost about a tenth of a second of CPU there.
 */
export const COLLECT_ROWS = 400_000;

let collect: (() => void) | null | undefined;

/**
 * A full garbage collection now. Pass 1 drops tens of megabytes of hash tables (and the quality
 * checks as much again) in typed arrays that V8 frees only at its next full collection, which it
 * starts on its own only after many more megabytes are allocated: the checks' arrays then came on top
 * of the dead tables, and 800k rows peaked at 190–212 MB instead of 186–189. Node exposes the
 * collector only behind a V8 flag, set here for this call's context alone (a no-op if refused).
 */
export function collectGarbage(): void {
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}
