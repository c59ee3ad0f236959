// Shared by the benches: run a task in a child process (scripts/bench/measured.js) and read back its
// wall time, CPU time (user + system, all threads) and peak RSS.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
export const DATA = join(ROOT, 'bench-data');
const MEASURED = fileURLToPath(new URL('./measured.js', import.meta.url));

/** `{ ms, cpuMs, rssMb, report }`; `report` is whatever extra the task put in its BENCH line. */
export async function measure(args, env = {}) {
  const started = performance.now();
  const child = spawn(process.execPath, [MEASURED, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...env },
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  const [code] = await once(child, 'close');
  const ms = performance.now() - started;
  const line = /BENCH (\{.*\})/.exec(stderr);
  if (code !== 0 || !line)
    throw new Error(`bench task ${args.join(' ')} failed (${code}): ${stderr.slice(0, 500)}`);
  const report = JSON.parse(line[1]);
  return { ms, cpuMs: report.cpuMs, rssMb: report.maxRssKb / 1024, report };
}

/** Keeps each measure's best run: the ratio then measures the code, not the machine's other load. */
export function best(a, b) {
  if (a === null) return b;
  return {
    ...b,
    ms: Math.min(a.ms, b.ms),
    cpuMs: Math.min(a.cpuMs, b.cpuMs),
    rssMb: Math.max(a.rssMb, b.rssMb),
  };
}

/** One row of the table. */
export function row(bench, measured, baseline, ratio, goal, met, note = '') {
  return {
    bench,
    measured,
    baseline,
    ratio,
    goal,
    result: met === null ? '—' : met ? 'met' : 'not met',
    note,
  };
}

export const seconds = (ms) => `${(ms / 1000).toFixed(2)} s`;
