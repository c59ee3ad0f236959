#!/usr/bin/env node
// Benchmark of the local provider: training time and accuracy, measured through the real server
// and the official SDK (imports the built server from dist/: run `npm run build` first).
import { readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI, { toFile } from 'openai';
import { startLocalServer } from '../dist/server/index.js';

const FIXTURES = fileURLToPath(new URL('../test/fixtures/train/', import.meta.url));

const TOPICS = {
  sports: [
    'goal',
    'team',
    'coach',
    'match',
    'season',
    'referee',
    'stadium',
    'penalty',
    'keeper',
    'tournament',
  ],
  politics: [
    'minister',
    'law',
    'senate',
    'ballot',
    'reform',
    'debate',
    'parliament',
    'campaign',
    'vote',
    'policy',
  ],
  tech: [
    'chip',
    'code',
    'device',
    'software',
    'robot',
    'browser',
    'algorithm',
    'network',
    'encryption',
    'server',
  ],
  food: ['soup', 'oven', 'recipe', 'chef', 'garlic', 'dinner', 'dessert', 'flavor', 'kitchen', 'noodle'],
};
const FILLER = [
  'the',
  'a',
  'of',
  'in',
  'on',
  'and',
  'to',
  'by',
  'more',
  'today',
  'this',
  'that',
  'we',
  'was',
];

/** Seeded examples shaped like the topics fixture: a third topic words, a sixth another topic's. */
function synthetic(count, seed) {
  let state = seed;
  const random = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const pick = (list) => list[Math.floor(random() * list.length)];
  const labels = Object.keys(TOPICS);
  return Array.from({ length: count }, () => {
    const label = pick(labels);
    const other = pick(labels.filter((l) => l !== label));
    const words = Array.from({ length: 8 + Math.floor(random() * 10) }, () => {
      const r = random();
      return r < 1 / 3 ? pick(TOPICS[label]) : r < 1 / 2 ? pick(TOPICS[other]) : pick(FILLER);
    });
    return { prompt: `${words.join(' ')}\n\n###\n\n`, completion: ` ${label}` };
  });
}

const toJsonl = (rows) => `${rows.map((row) => JSON.stringify(row)).join('\n')}\n`;

async function trainAndScore(client, name, train, valid, model) {
  const upload = async (rows, file) =>
    (
      await client.files.create({
        file: await toFile(Buffer.from(toJsonl(rows)), file),
        purpose: 'fine-tune',
      })
    ).id;
  const training_file = await upload(train, `${name}-train.jsonl`);
  const validation_file = await upload(valid, `${name}-valid.jsonl`);
  const started = performance.now();
  let job = await client.fineTuning.jobs.create({ model, training_file, validation_file, suffix: name });
  while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    job = await client.fineTuning.jobs.retrieve(job.id);
  }
  const seconds = (performance.now() - started) / 1000;
  if (job.status !== 'succeeded') throw new Error(`${name}: job ${job.status}: ${job.error?.message}`);
  let correct = 0;
  for (const row of valid) {
    const answer = await client.completions.create({
      model: job.fine_tuned_model,
      prompt: row.prompt,
      max_tokens: 5,
      temperature: 0,
      stop: '\n',
    });
    if (answer.choices[0]?.text === row.completion) correct++;
  }
  return {
    name: `${name} (${train.length} examples × ${job.hyperparameters.n_epochs} epochs, ${model})`,
    seconds,
    accuracy: correct / valid.length,
  };
}

/** Rows `{name, seconds, accuracy}` for the merged bench table. */
export async function bench() {
  const dataDir = mkdtempSync(join(tmpdir(), 'fine-tune-bench-'));
  const server = await startLocalServer({ dataDir, stepDelayMs: 0 });
  try {
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
    const read = (file) =>
      readFileSync(join(FIXTURES, file), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
    return [
      await trainAndScore(
        client,
        'topics',
        read('topics_train.jsonl'),
        read('topics_valid.jsonl'),
        'local-small',
      ),
      await trainAndScore(client, 'synthetic', synthetic(1000, 7), synthetic(200, 99), 'local-small'),
      await trainAndScore(client, 'synthetic-base', synthetic(1000, 7), synthetic(200, 99), 'local-base'),
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const rows = await bench();
  for (const row of rows) {
    console.log(
      `local training: ${row.name}: ${row.seconds.toFixed(2)} s, accuracy ${row.accuracy.toFixed(3)}`,
    );
  }
}
