// Child process of scripts/bench.js: runs one task and reports its CPU time and peak memory on exit.
// Usage: node measured.js prepare FILE ARGS... | bare FILE | xlsx-new|xlsx-previous|xlsx-sheetjs FILE | tokens FILE | rawtokens FILE | follow URL KEY JOB | panel URL KEY JOB LIMIT_MS WARMUP_MS HOME
//        | golden URL KEY MODEL PROMPTS CONCURRENCY OUT | bare-golden URL KEY MODEL PROMPTS CONCURRENCY
import { createReadStream } from 'node:fs';
import { setFlagsFromString } from 'node:v8';

// What bin/fine-tune.js sets first, so a task runs as the command does (see there).
setFlagsFromString('--liftoff-only');

const [task, ...args] = process.argv.slice(2);
const extra = {};

process.on('exit', () => {
  const usage = process.resourceUsage();
  const cpuMs = (usage.userCPUTime + usage.systemCPUTime) / 1000;
  process.stderr.write(`\nBENCH ${JSON.stringify({ maxRssKb: usage.maxRSS, cpuMs, ...extra })}\n`);
});

/** Streams a JSONL file: each parsed row to `each`. The floor every task shares. */
async function rows(path, each) {
  let rest = '';
  const stream = createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 });
  for await (const chunk of stream) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    for (const line of lines) if (line) each(JSON.parse(line));
  }
  if (rest) each(JSON.parse(rest));
}

if (task === 'prepare') {
  const { main } = await import('../../dist/cli.js');
  process.exitCode = await main(['prepare', ...args]);
} else if (task === 'bare') {
  let count = 0;
  await rows(args[0], () => count++);
  extra.rows = count;
} else if (task === 'xlsx-new') {
  // Our reader, as prepare's passes use it: every record of the first sheet.
  const { openSource } = await import('../../dist/core/read/open.js');
  const source = await openSource(args[0]);
  let count = 0;
  await source.scan(() => count++);
  extra.rows = count;
} else if (task === 'xlsx-previous') {
  // The reader before this one (read-excel-file 9, a dev dependency kept for this comparison).
  const { default: readXlsxFile } = await import('read-excel-file/node');
  const sheets = await readXlsxFile(args[0], { trim: false });
  extra.rows = sheets[0].data.length - 1;
} else if (task === 'xlsx-sheetjs') {
  // SheetJS alone: the whole workbook parsed, dense, no formatted text (its lightest reading).
  const XLSX = await import('xlsx');
  const { readFileSync } = await import('node:fs');
  const book = XLSX.read(readFileSync(args[0]), { dense: true, cellText: false, cellHTML: false });
  extra.rows = book.Sheets[book.SheetNames[0]]['!data'].length - 1;
} else if (task === 'rawtokens') {
  // gpt-tokenizer alone, on this thread: the floor for exact token statistics.
  const { countTokens } = await import('gpt-tokenizer/encoding/cl100k_base');
  let sum = 0;
  await rows(args[0], (r) => (sum += countTokens(r.prompt) + countTokens(r.completion)));
  extra.tokens = sum;
} else if (task === 'tokens') {
  // The engine's exact counter (both cores) feeding the statistics the load screen shows.
  const { TokenCounter } = await import('../../dist/core/token-counter.js');
  const { TokenStatsAccumulator } = await import('../../dist/core/token-stats.js');
  const stats = new TokenStatsAccumulator();
  const counter = new TokenCounter('cl100k_base', { onCounted: (_position, counts) => stats.add(counts) });
  let position = 0;
  await rows(args[0], (r) => counter.add({ position: ++position, texts: [r.prompt, r.completion] }));
  await counter.finish();
  const result = stats.result();
  extra.tokens = result.sum;
  extra.workers = counter.usedWorkers;
} else if (task === 'follow') {
  // What the job panel runs while a job trains: the follow engine, and each event turned into the
  // chart's numbers and a log line. Its CPU over the job's duration is the measure.
  const [baseURL, apiKey, jobId] = args;
  const { default: OpenAI } = await import('openai');
  const { followJob } = await import('../../dist/api/follow.js');
  const { metricsOf } = await import('../../dist/api/metrics.js');
  const client = new OpenAI({ apiKey, baseURL });
  const log = [];
  const points = [];
  const started = performance.now();
  const cpu = process.cpuUsage();
  const result = await followJob(client, jobId, {
    pollMs: 500,
    onEvent: (event) => {
      const m = metricsOf(event);
      if (m) points.push(m);
      log.push(event.message);
      if (log.length > 200) log.splice(0, 100);
    },
  });
  const used = process.cpuUsage(cpu);
  extra.followCpuMs = (used.user + used.system) / 1000;
  extra.followWallMs = performance.now() - started;
  extra.events = result.eventCount;
  extra.status = result.job.status;
} else if (task === 'panel') {
  // The real Ink job panel following the job (scripts/bench/panel-task.js), for at most LIMIT ms.
  const [baseURL, apiKey, jobId, limit, warmup, home] = args;
  const { followInPanel } = await import('./panel-task.js');
  const options = { baseURL, apiKey, jobId, limitMs: Number(limit), warmupMs: Number(warmup), home };
  Object.assign(extra, await followInPanel(options));
} else if (task === 'golden' || task === 'bare-golden') {
  // A golden set of prompts: the rescue's recorder, or the same requests in a bare SDK loop.
  const [baseURL, apiKey, model, file, concurrency, out] = args;
  const { default: OpenAI } = await import('openai');
  const client = new OpenAI({ apiKey, baseURL, maxRetries: 0 });
  const separator = '\n\n###\n\n';
  const width = Number(concurrency);
  // Loading the code is start-up, as loading the SDK is for the bare loop: timed from here on.
  const { recordGoldenSet } = task === 'golden' ? await import('../../dist/rescue/golden-set.js') : {};
  const started = performance.now();
  const cpu = process.cpuUsage();
  if (task === 'golden') {
    const result = await recordGoldenSet({
      client,
      provider: 'local',
      model,
      folder: out,
      source: { how: 'file', path: file },
      format: { endpoint: 'completions', separator, stop: [], systemPrompt: null },
      trainingPath: null,
      concurrency: width,
      price: { input: 0, output: 0 },
      onProgress: () => undefined,
    });
    extra.answers = result.progress.done;
  } else {
    const prompts = [];
    // The same requests as the recorder's: its answer budget is the longest completion in bytes.
    let maxTokens = 1;
    await rows(file, (r) => {
      prompts.push(r.prompt);
      maxTokens = Math.max(maxTokens, Buffer.byteLength(r.completion));
    });
    const answers = new Array(prompts.length);
    let next = 0;
    const worker = async () => {
      while (next < prompts.length) {
        const i = next++;
        const reply = await client.completions.create({
          model,
          prompt: prompts[i],
          temperature: 0,
          max_tokens: maxTokens,
        });
        answers[i] = reply.choices[0]?.text ?? '';
      }
    };
    await Promise.all(Array.from({ length: width }, worker));
    extra.answers = answers.length;
  }
  const used = process.cpuUsage(cpu);
  extra.loopCpuMs = (used.user + used.system) / 1000;
  extra.wallMs = performance.now() - started;
} else {
  process.stderr.write(`unknown task ${task}\n`);
  process.exitCode = 2;
}
