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

/** Runs a task in a child process: wall time in ms and peak RSS in MB. */
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
  return { ms, rssMb: JSON.parse(report[1]).maxRssKb / 1024 };
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
  for (let i = 0; i < rows; i++) {
    const id = i % 997 === 0 && i > 0 ? i - 1 : i; // about 0.1% duplicates
    const prompt = `Ticket ${id}: ${sentence(12 + (id % 20))}`;
    const completion = `Dear customer, about ${sentence(6)} (case ${id}) we will ${sentence(10 + (id % 15))}`;
    if (!out.write(`${JSON.stringify({ prompt, completion })}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

async function prepareVersusBare(rows) {
  const file = join(DATA, `pc-${rows / 1000}k.jsonl`);
  await generateJsonl(file, rows);
  const out = join(DATA, 'out');
  rmSync(out, { recursive: true, force: true });
  const bare = await measure(['bare', file]);
  const prepare = await measure(['prepare', file, '--yes', '--out', out]);
  rmSync(out, { recursive: true, force: true });
  return [
    {
      bench: `prepare --yes, ${rows / 1000}k-row JSONL`,
      'bare read+parse (s)': (bare.ms / 1000).toFixed(2),
      'prepare (s)': (prepare.ms / 1000).toFixed(2),
      'time ratio (goal ≤ 2)': (prepare.ms / bare.ms).toFixed(2),
      'prepare peak RSS (MB, goal < 200)': prepare.rssMb.toFixed(0),
      'bare peak RSS (MB)': bare.rssMb.toFixed(0),
    },
  ];
}

const BENCHES = [() => prepareVersusBare(200_000), () => prepareVersusBare(800_000)];

const rows = [];
for (const bench of BENCHES) rows.push(...(await bench()));
console.table(rows);
