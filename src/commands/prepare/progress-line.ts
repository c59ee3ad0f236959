import type { ReadProgress } from './engine.js';

/** A read that has taken this long gets a progress line (a short one passes without any). */
const AFTER_MS = 1000;

const percentOf = (fraction: number): string => `${Math.min(100, Math.floor(100 * fraction))} %`;

/**
 * `reading FILE: 42 % (12.3 of 29.1 MB)` on stderr, rewritten in place, while a long read goes on;
 * then `checking FILE for wrong examples: 60 % (likely mislabels)` while the quality checks run;
 * only on a terminal (never in a log or a pipe) and never with --json. `done()` erases it.
 */
export function progressLine(
  label: string,
  stream: NodeJS.WriteStream = process.stderr,
): { readonly report: (p: ReadProgress) => void; readonly done: () => void } {
  const started = Date.now();
  let shown = false;
  const mb = (bytes: number): string => (bytes / 1_000_000).toFixed(1);
  return {
    report(p) {
      if (!stream.isTTY || p.totalBytes === 0 || Date.now() - started < AFTER_MS) return;
      const line =
        p.checking === undefined
          ? `reading ${label}: ${percentOf(p.bytesRead / p.totalBytes)} (${mb(p.bytesRead)} of ${mb(p.totalBytes)} MB)`
          : `checking ${label} for wrong examples: ${percentOf(p.checking.fraction)} (${p.checking.step})`;
      stream.write(`\r${line.slice(0, Math.max(20, (stream.columns || 80) - 1))}\u001b[K`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\u001b[K');
      shown = false;
    },
  };
}
