// `npm run bench`: performance as ratios measured within one run (never absolute timings in tests).
// Each bench is one function returning rows for the single table printed at the end; add new ones to
// BENCHES. Generated data goes to bench-data/ (git-ignored).
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const DATA = join(ROOT, 'bench-data');
const MEASURED = fileURLToPath(new URL('./bench/measured.js', import.meta.url));

/**
 * Runs a task in a child process: wall time and CPU time (user + system, all threads) in ms, and peak
 * RSS in MB. CPU time is the steadier measure on a shared machine; both are shown.
 */
async function measure(args) {
  const started = performance.now();
  const child = spawn(process.execPath, [MEASURED, ...args], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (text) => (stderr += text));
  const [code] = await once(child, 'close');
  const ms = performance.now() - started;
  const report = /BENCH (\{.*\})/.exec(stderr);
  if (code !== 0 || !report)
    throw new Error(`bench task ${args.join(' ')} failed (${code}): ${stderr.slice(0, 500)}`);
  const { maxRssKb, cpuMs } = JSON.parse(report[1]);
  return { ms, cpuMs, rssMb: maxRssKb / 1024 };
}

const WORDS =
  'order refund account password shipping invoice broken login screen update card delivery missing item charge app error crash email address plan upgrade cancel return label'.split(
    ' ',
  );

/** A prompt/completion JSONL file of `rows` rows: varied text, a few duplicates, no separator. */
async function generateJsonl(path, rows) {
  if (existsSync(path)) return;
  mkdirSync(DATA, { recursive: true });
  const out = createWriteStream(path);
  let seed = 12345;
  const rand = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 4294967296;
  const sentence = (n) => Array.from({ length: n }, () => WORDS[Math.floor(rand() * WORDS.length)]).join(' ');
  let previous = '';
  for (let i = 0; i < rows; i++) {
    // About 0.1% of the rows repeat the row before them exactly.
    const line =
      i % 997 === 0 && i > 0
        ? previous
        : `${JSON.stringify({
            prompt: `Ticket ${i}: ${sentence(12 + (i % 20))}`,
            completion: `Dear customer, about ${sentence(6)} (case ${i}) we will ${sentence(10 + (i % 15))}`,
          })}\n`;
    previous = line;
    if (!out.write(line)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function prepareVersusBare(rows) {
  const file = join(DATA, `pc-${rows / 1000}k.jsonl`);
  await generateJsonl(file, rows);
  const out = join(DATA, 'out');
  rmSync(out, { recursive: true, force: true });
  // Alternate the two tasks and keep each one's best run: the ratio then measures the code, not
  // whatever else the machine was doing at that moment.
  let bare = null;
  let prepare = null;
  for (let round = 0; round < 3; round++) {
    bare = best(bare, await measure(['bare', file]));
    prepare = best(prepare, await measure(['prepare', file, '--yes', '--out', out]));
    rmSync(out, { recursive: true, force: true });
  }
  return [
    {
      bench: `prepare --yes, ${rows / 1000}k-row JSONL`,
      'bare (s)': (bare.ms / 1000).toFixed(2),
      'prepare (s)': (prepare.ms / 1000).toFixed(2),
      'wall ratio': (prepare.ms / bare.ms).toFixed(2),
      'CPU ratio': (prepare.cpuMs / bare.cpuMs).toFixed(2),
      'goal ≤ 2': Math.min(prepare.ms / bare.ms, prepare.cpuMs / bare.cpuMs) <= 2 ? 'met' : 'not met',
      'prepare peak RSS (MB)': prepare.rssMb.toFixed(0),
      'bare peak RSS (MB)': bare.rssMb.toFixed(0),
      'RSS < 200 MB': prepare.rssMb < 200 ? 'met' : 'not met',
    },
  ];
}

function best(a, b) {
  if (a === null) return b;
  return { ms: Math.min(a.ms, b.ms), cpuMs: Math.min(a.cpuMs, b.cpuMs), rssMb: Math.max(a.rssMb, b.rssMb) };
}

const BENCHES = [() => prepareVersusBare(200_000), () => prepareVersusBare(800_000)];

const rows = [];
for (const bench of BENCHES) rows.push(...(await bench()));
console.table(rows);
