import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../src/api/connect.js';
import { goldenSource, stepGolden, stepKeepData } from '../../src/rescue/flow.js';
import { takeInventory } from '../../src/rescue/inventory.js';
import type { RecordProgress } from '../../src/rescue/record-answers.js';
import { defaultSeams } from '../../src/rescue/seams.js';
import { newState } from '../../src/rescue/state.js';
import { BIN, runCli } from '../helpers/run-cli.js';
import {
  MODEL,
  JOB,
  TRAINING,
  VALIDATION,
  fakeAnswer,
  question,
  startFakeOpenAi,
  type FakeOpenAi,
} from './fake-openai.js';

// A gpt-4o-mini fine-tune on OpenAI, played by a recording server, rescued: inventory, data,
// a golden set through a 429, and a golden set killed with SIGKILL mid-way and resumed.
let openai: FakeOpenAi;
let dir: string;
let source: Connection;
const seams = defaultSeams('2026-12-07');
beforeAll(async () => {
  openai = await startFakeOpenAi();
  dir = await mkdtemp(join(tmpdir(), 'ft-rescue-openai-'));
  source = await connect({
    provider: 'openai',
    env: {
      OPENAI_API_KEY: 'sk-test-rescue-0000',
      OPENAI_BASE_URL: openai.baseURL,
      FINE_TUNE_MAX_RETRIES: '0',
    },
  });
});
afterAll(async () => {
  await source.close();
  await openai.close();
  await rm(dir, { recursive: true, force: true });
});

async function readJsonl<T>(path: string): Promise<T[]> {
  return (await readFile(path, 'utf8'))
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as T);
}

const cliEnv = (home: string): NodeJS.ProcessEnv => ({
  OPENAI_API_KEY: 'sk-test-rescue-0000',
  OPENAI_BASE_URL: openai.baseURL,
  FINE_TUNE_PROVIDER: '',
  FINE_TUNE_HOME: home,
  FINE_TUNE_TODAY: '2026-12-07',
  FINE_TUNE_MAX_RETRIES: '0',
  // The retraining target: the local provider, in the binary's process, at full pace.
  FINE_TUNE_LOCAL_STEP_MS: '0',
  FINE_TUNE_POLL_MS: '50',
});

describe('rescuing a gpt-4o-mini fine-tune from OpenAI', () => {
  it('lists it with its shutdown date, days left, job, settings and downloadable files (--json)', async () => {
    const result = await runCli(['rescue', '--json'], { env: cliEnv(join(dir, 'home-inventory')) });
    expect(result.code, result.stderr).toBe(0);
    const inventory = JSON.parse(result.stdout) as Awaited<ReturnType<typeof takeInventory>>;
    expect(inventory.trainingCloses).toEqual({ date: '2027-01-06', daysLeft: 30 });
    expect(inventory.items).toHaveLength(1);
    expect(inventory.items[0]).toMatchObject({
      model: MODEL,
      base: 'gpt-4o-mini-2024-07-18',
      shutdownDate: '2027-01-14',
      daysLeft: 38,
      job: {
        id: JOB,
        suffix: 'support',
        hyperparameters: { nEpochs: 3, batchSize: 1, learningRate: 1.8 },
        trainedTokens: 36_000,
        trainingFile: { id: 'file-train', available: true, bytes: Buffer.byteLength(TRAINING) },
        validationFile: { id: 'file-valid', available: true },
      },
    });
  });

  it('records a golden set through a 429, waiting as long as retry-after-ms says, each question once', async () => {
    const folder = join(dir, 'golden-429');
    const inventory = await takeInventory(source.client, 'openai', seams);
    const item = inventory.items[0];
    if (!item) throw new Error('no model');
    const ctx = { source, seams, folder, env: { FINE_TUNE_HOME: join(dir, 'home-429') } };
    const kept = await stepKeepData(ctx, newState(MODEL, 'openai'), item);
    expect(kept.result.kept.validation).toMatchObject({ examples: 30, origin: 'downloaded' });
    expect(await readFile(join(folder, 'validation.jsonl'), 'utf8')).toBe(VALIDATION);

    const limited = question(1004);
    openai.rateLimitOnce.add(limited);
    const before = openai.asked.length;
    const waits: RecordProgress['waiting'][] = [];
    const { result } = await stepGolden(ctx, kept.state, goldenSource(kept.state, folder), {
      concurrency: 3,
      onProgress: (p) => p.waiting && waits.push(p.waiting),
    });
    expect(result.progress.done).toBe(30);
    // The header's 20 ms, not the 250–500 ms of a first backoff.
    expect(waits).toEqual([{ ms: 20, why: 'rate limited' }]);
    const asked = openai.asked.slice(before);
    expect(asked.filter((q) => q === limited)).toHaveLength(2);
    expect(asked).toHaveLength(31);
    const lines = (await readFile(join(folder, 'golden.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; answer: string; messages: { content: string }[] });
    expect(lines).toHaveLength(30);
    for (const line of lines) expect(line.answer).toBe(fakeAnswer(line.messages.at(-1)?.content ?? ''));
    // gpt-4o-mini fine-tunes: $0.30 per 1M input tokens, $1.20 per 1M output; 20 in and 1 out each.
    expect(result.progress.costUsd).toBeCloseTo((30 * 20 * 0.3 + 30 * 1.2) / 1_000_000, 12);
  });

  it('resumes a golden set killed with SIGKILL mid-way (each question once in the file), then retrains on the local provider and compares', async () => {
    const folder = join(dir, 'killed');
    const home = join(dir, 'home-killed');
    const args = ['rescue', MODEL, '--out', folder, '--concurrency', '4'];
    // Twelve answers go through, then the server holds every request: the client is killed with
    // requests in flight and twelve lines written.
    openai.hold(12);
    const before = openai.asked.length;
    const child = spawn(process.execPath, [BIN, ...args], {
      env: { ...process.env, NO_COLOR: '1', ...cliEnv(home) },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on('exit', (_code, signal) => resolve(signal)),
    );
    const golden = join(folder, 'golden.jsonl');
    const lineCount = async () =>
      (await readFile(golden, 'utf8').catch(() => '')).split('\n').filter(Boolean).length;
    while ((await lineCount()) < 12 || openai.held() < 4) await new Promise((r) => setTimeout(r, 10));
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    openai.release();
    expect(await lineCount()).toBe(12);

    // One epoch instead of the three carried over: the override path, and a quick job.
    const retrain = ['--to-provider', 'local', '--to-model', 'local-base', '--epochs', '1', '--json'];
    const again = await runCli([...args, ...retrain], {
      env: cliEnv(home),
    });
    expect(again.code, again.stderr).toBe(0);
    const lines = (await readFile(golden, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number });
    expect(lines.map((l) => l.i).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    // Only the four in flight at the kill were asked twice.
    const asked = openai.asked.slice(before);
    const counts = new Map<string, number>();
    for (const q of asked) counts.set(q, (counts.get(q) ?? 0) + 1);
    expect(counts.size).toBe(30);
    expect([...counts.values()].filter((n) => n === 2)).toHaveLength(4);
    expect(Math.max(...counts.values())).toBe(2);
    expect(JSON.parse(await readFile(join(folder, 'rescue.json'), 'utf8'))).toMatchObject({
      golden: { done: 30, total: 30 },
    });

    // Retrained on the local provider (chat data as it is), and compared answer by answer.
    const summary = JSON.parse(again.stdout) as {
      retrain: { provider: string; model: string; fineTunedModel: string; manifest: string };
      report: { json: string; agreement: number };
    };
    expect(summary.retrain).toMatchObject({ provider: 'local', model: 'local-base' });
    // The batch size and multiplier carried over from the OpenAI job, the epochs overridden.
    const manifest = JSON.parse(await readFile(summary.retrain.manifest, 'utf8')) as {
      hyperparameters: { requested: Record<string, unknown> };
      data: { format: string };
    };
    expect(manifest.hyperparameters.requested).toMatchObject({
      nEpochs: 1,
      batchSize: 1,
      learningRate: 1.8,
    });
    expect(manifest.data.format).toBe('chat');
    const slug = summary.retrain.fineTunedModel.replace(/^ft:/, '').replace(/[^A-Za-z0-9._-]+/g, '-');
    const answers = await readJsonl<{ i: number; answer: string }>(join(folder, `answers-${slug}.jsonl`));
    const goldenAnswers = (await readJsonl<{ i: number; answer: string }>(golden)).sort((a, b) => a.i - b.i);
    // The new model was asked the golden inputs in order: its answer j is to golden input j.
    const agreed = answers.filter(
      (a) => a.answer.trim() === (goldenAnswers[a.i]?.answer ?? '').trim(),
    ).length;
    expect(answers).toHaveLength(30);
    expect(summary.report.agreement).toBeCloseTo(agreed / 30, 12);
    const report = JSON.parse(await readFile(summary.report.json, 'utf8')) as { source: string };
    expect(report).toMatchObject({ source: MODEL, agreement: { agreed } });
  });
});
