import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI, { toFile } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsOf } from '../../src/api/metrics.js';
import type { FineTuningJobEvent } from '../../src/api/jobs.js';
import { jsonLines } from '../commands/cli-env.js';
import { runCli } from '../helpers/run-cli.js';
import { startServe, type ServeProcess } from './serve-process.js';

const TRAIN = fileURLToPath(new URL('../fixtures/train/topics_train.jsonl', import.meta.url));
const KEY = 'sk-reliability-kill-test';

let dir = '';
const servers: ServeProcess[] = [];
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-kill-'));
});
afterAll(async () => {
  for (const s of servers) s.child.kill('SIGKILL');
  await rm(dir, { recursive: true, force: true });
});

const serve = async (extra: readonly string[] = []): Promise<ServeProcess> => {
  const s = await startServe(['--data-dir', join(dir, 'server'), '--api-key', KEY, ...extra], {
    FINE_TUNE_LOCAL_STEP_MS: '15',
  });
  servers.push(s);
  return s;
};

const follow = (baseURL: string) =>
  runCli(['follow', jobId, '--json', '--base-url', baseURL], {
    env: {
      FINE_TUNE_HOME: join(dir, 'home'),
      FINE_TUNE_PROVIDER: '',
      OPENAI_API_KEY: '',
      FINE_TUNE_LOCAL_API_KEY: KEY,
      FINE_TUNE_POLL_MS: '50',
    },
    timeoutMs: 60_000,
  });

let jobId = '';

describe('kill -9 of the local server during a job', () => {
  it('resumes from its checkpoint after a restart; follow shows every step once, in order', async () => {
    const first = await serve();
    const client = new OpenAI({ apiKey: KEY, baseURL: first.baseURL, maxRetries: 3 });
    const rows = (await readFile(TRAIN, 'utf8')).split('\n').slice(0, 40).join('\n');
    const train = join(dir, 'train.jsonl');
    await writeFile(train, `${rows}\n`);
    const file = await client.files.create({
      file: await toFile(await readFile(train), 'train.jsonl'),
      purpose: 'fine-tune',
    });
    const job = await client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: file.id,
      hyperparameters: { n_epochs: 3 },
    });
    jobId = job.id;

    // Past the first epoch's checkpoint, but well before the end: then pull the plug.
    let before: FineTuningJobEvent[] = [];
    for (;;) {
      const page = await client.fineTuning.jobs.listEvents(jobId, { limit: 100 });
      before = [...page.data].reverse();
      const steps = before.map(metricsOf).filter((m) => m !== null);
      const last = steps.at(-1);
      if (last && last.totalSteps !== null && last.step > last.totalSteps / 3 + 2) break;
      const status = (await client.fineTuning.jobs.retrieve(jobId)).status;
      expect(status, 'the job ended before it could be killed').not.toMatch(/succeeded|failed|cancelled/);
      await new Promise((resolve) => setTimeout(resolve, 30));
    }
    await first.kill9();

    // The restarted server resumes the job, and answers one request in five with a fault.
    const second = await serve(['--inject-faults', '0.2']);
    const followed = await follow(second.baseURL);
    expect(followed.stderr).not.toMatch(/\n\s+at |unexpected failure/);
    expect(followed.code, followed.stderr).toBe(0);
    const events = jsonLines(followed.stdout) as unknown as FineTuningJobEvent[];
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    // What was recorded before the kill is the start of the history, unchanged.
    const persisted = ids.filter((id) => before.some((e) => e.id === id));
    expect(persisted).toEqual(ids.slice(0, persisted.length));
    // Nothing a client was shown is lost: every message, and every step up to the checkpoint the job
    // resumed from (later steps are trained again and reported anew).
    const resumedAt = Number(/resuming from the checkpoint at step (\d+)/.exec(followed.stdout)?.[1]);
    expect(resumedAt).toBeGreaterThan(0);
    const kept = before.filter((e) => {
      const m = metricsOf(e);
      return m === null || m.step <= resumedAt;
    });
    expect(kept.map((e) => `${e.id} ${e.message}`)).toEqual(
      events.slice(0, kept.length).map((e) => `${e.id} ${e.message}`),
    );
    const times = events.map((e) => e.created_at);
    expect(times).toEqual([...times].sort((a, b) => a - b));

    // Every training step exactly once, in order, up to the last; the job succeeded.
    const steps = events.map(metricsOf).filter((m) => m !== null);
    const total = steps.at(-1)?.totalSteps ?? 0;
    expect(total).toBeGreaterThan(0);
    expect(steps.map((m) => m.step)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
    const final = await new OpenAI({
      apiKey: KEY,
      baseURL: second.baseURL,
      maxRetries: 10,
    }).fineTuning.jobs.retrieve(jobId);
    expect(final.status).toBe('succeeded');
    expect(final.fine_tuned_model).toMatch(/^ft:local-small:local::[a-z0-9]+$/);

    // A second follower, with no faults, sees exactly the same history.
    await second.stop();
    const third = await serve();
    const again = await follow(third.baseURL);
    expect(again.code, again.stderr).toBe(0);
    expect(jsonLines(again.stdout).map((e) => e.id)).toEqual(ids);
    await third.stop();
  }, 120_000);
});
