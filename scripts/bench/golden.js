import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI, { toFile } from 'openai';
import { best, DATA, measure, ROOT, row, seconds } from './measure.js';

const FIXTURES = join(ROOT, 'test', 'fixtures', 'train');
const PROMPTS = 1000;
const CONCURRENCY = 8;
const ROUNDS = 5;

/** The topics fixture's 1,000 prompts (training and validation), as one prompt/completion file. */
function promptsFile() {
  mkdirSync(DATA, { recursive: true });
  const path = join(DATA, 'golden-prompts.jsonl');
  const lines = ['topics_train.jsonl', 'topics_valid.jsonl'].flatMap((name) =>
    readFileSync(join(FIXTURES, name), 'utf8').trim().split('\n'),
  );
  writeFileSync(path, `${lines.slice(0, PROMPTS).join('\n')}\n`);
  return path;
}

async function trained(server) {
  const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL });
  const file = await client.files.create({
    file: await toFile(readFileSync(join(FIXTURES, 'topics_train.jsonl')), 'topics_train.jsonl'),
    purpose: 'fine-tune',
  });
  let job = await client.fineTuning.jobs.create({ model: 'local-small', training_file: file.id, seed: 7 });
  while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = await client.fineTuning.jobs.retrieve(job.id);
  }
  if (!job.fine_tuned_model) throw new Error(`golden bench: training ${job.status}`);
  return job.fine_tuned_model;
}

/**
 * Recording a golden set of 1,000 prompts (the rescue's recorder: request building, retries, one
 * appended line per answer, progress) against the same 1,000 requests sent by a bare SDK loop, both
 * at the same concurrency, each in its own child process against one local server in this process.
 * Wall time and the client's CPU over the requests; rounds alternate and each keeps its best.
 */
export async function golden() {
  const { startLocalServer } = await import('../../dist/server/index.js');
  const dataDir = mkdtempSync(join(tmpdir(), 'fine-tune-bench-golden-'));
  const server = await startLocalServer({ dataDir, stepDelayMs: 0, log: () => undefined });
  try {
    const model = await trained(server);
    const prompts = promptsFile();
    const args = [server.baseURL, server.apiKey, model, prompts, String(CONCURRENCY)];
    let recorder = null;
    let bare = null;
    for (let round = 0; round < ROUNDS; round++) {
      const out = join(dataDir, `golden-${round}`);
      const r = await measure(['golden', ...args, out]);
      if (r.report.answers !== PROMPTS) throw new Error(`golden bench: ${r.report.answers} answers`);
      recorder = best(recorder, { ...r, ms: r.report.wallMs, cpuMs: r.report.loopCpuMs });
      const b = await measure(['bare-golden', ...args]);
      bare = best(bare, { ...b, ms: b.report.wallMs, cpuMs: b.report.loopCpuMs });
    }
    const wall = recorder.ms / bare.ms;
    const cpu = recorder.cpuMs / bare.cpuMs;
    const what = `${PROMPTS.toLocaleString('en')} prompts, concurrency ${CONCURRENCY}`;
    return [
      row(
        `golden set: ${what} (wall)`,
        seconds(recorder.ms),
        `${seconds(bare.ms)} bare SDK loop`,
        wall.toFixed(2),
        '≤ 1.2',
        wall <= 1.2,
      ),
      row(
        `golden set: ${what} (CPU)`,
        seconds(recorder.cpuMs),
        `${seconds(bare.cpuMs)} bare SDK loop`,
        cpu.toFixed(2),
        '≤ 1.2',
        cpu <= 1.2,
        'client process only; the local server answers in the bench process',
      ),
    ];
  } finally {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
