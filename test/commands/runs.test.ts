/**
 * Run history and checkpoint scoring against one real job of the local provider (trained at full pace,
 * with a validation file, created through the binary so it is recorded as `create` records jobs), and
 * one early-stopped job made through the SDK and then followed, shared by every test here.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type OpenAI from 'openai';
import { runCli } from '../helpers/run-cli.js';
import { harness, TOPICS_TRAIN, TOPICS_VALID, uploadText, type Harness } from '../server/helpers.js';
import { metricsOf } from '../../src/api/metrics.js';

let h: Harness;
let dir: string;
let env: NodeJS.ProcessEnv;
let train: string;
let valid: string;
let jobId: string;

const cli = (args: readonly string[]) =>
  runCli([...args, '--provider', 'local', '--base-url', h.server.baseURL], { env, timeoutMs: 45_000 });

async function head(path: string, lines: number, name: string): Promise<string> {
  const text = (await readFile(path, 'utf8')).split('\n').slice(0, lines).join('\n');
  const out = join(dir, name);
  await writeFile(out, `${text}\n`);
  return out;
}

async function allMetrics(client: OpenAI, id: string) {
  const out = [];
  for await (const event of client.fineTuning.jobs.listEvents(id, { limit: 100 })) {
    const m = metricsOf(event);
    if (m) out.push(m);
  }
  return out.sort((a, b) => a.step - b.step);
}

beforeAll(async () => {
  h = await harness();
  dir = await mkdtemp(join(tmpdir(), 'ft-runs-'));
  env = {
    FINE_TUNE_HOME: join(dir, 'home'),
    FINE_TUNE_LOCAL_API_KEY: h.server.apiKey,
    FINE_TUNE_PROVIDER: '',
    OPENAI_API_KEY: '',
    FINE_TUNE_POLL_MS: '50',
  };
  train = await head(TOPICS_TRAIN, 80, 'train.jsonl');
  valid = await head(TOPICS_VALID, 20, 'valid.jsonl');
  const created = await cli([
    'create',
    '-t',
    train,
    '-v',
    valid,
    '-m',
    'local-small',
    '--epochs',
    '3',
    '--batch-size',
    '4',
    '--suffix',
    'runs',
  ]);
  expect(created.code, created.stderr).toBe(0);
  jobId = /Job (ftjob-\S+) succeeded/.exec(created.stderr)?.[1] ?? '';
  expect(jobId).not.toBe('');
});
afterAll(async () => {
  await h?.close();
  await rm(dir, { recursive: true, force: true });
});

interface RunJson {
  id: string;
  status: string;
  fineTunedModel: string;
  training: { sha256: string; rows: number };
  validation: { rows: number };
  hyperparameters: Record<string, number>;
  trainedTokens: number;
  finalTrainLoss: number;
  finalValidLoss: number;
  eval: { score: number; metric: string } | null;
  costUsd: number;
  followedOnly: boolean;
}

describe('fine-tune runs', () => {
  it('lists the created job with its data, settings and the losses its events ended on', async () => {
    const result = await cli(['runs', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const runs = JSON.parse(result.stdout) as RunJson[];
    const run = runs.find((r) => r.id === jobId);
    const job = await h.client.fineTuning.jobs.retrieve(jobId);
    const metrics = await allMetrics(h.client, jobId);
    const last = metrics.at(-1);
    const lastFull = metrics.filter((m) => m.fullValidLoss !== null).at(-1);
    expect(run).toMatchObject({
      status: 'succeeded',
      fineTunedModel: job.fine_tuned_model,
      training: {
        sha256: createHash('sha256')
          .update(await readFile(train))
          .digest('hex'),
        rows: 80,
      },
      validation: { rows: 20 },
      hyperparameters: { n_epochs: 3, batch_size: 4 },
      trainedTokens: job.trained_tokens,
      costUsd: 0,
      followedOnly: false,
    });
    // Off by default: every epoch trained, as OpenAI would.
    expect(last?.step).toBe(60);
    expect(run?.finalTrainLoss).toBe(last?.trainLoss);
    expect(run?.finalValidLoss).toBe(lastFull?.fullValidLoss);
  });
});

describe('fine-tune eval --checkpoints', () => {
  it('scores each checkpoint and the final model as direct queries do, marks the argmax, and runs shows the final score', async () => {
    const result = await cli(['eval', '--checkpoints', jobId, '-f', valid, '--json']);
    expect(result.code, result.stderr).toBe(0);
    const out = JSON.parse(result.stdout) as {
      best: string;
      maxTokens: number;
      checkpoints: Array<{ model: string; step: number | null; best: boolean; accuracy: number }>;
    };
    const listed = await h.client.fineTuning.jobs.checkpoints.list(jobId);
    const job = await h.client.fineTuning.jobs.retrieve(jobId);
    const names = [...listed.data]
      .sort((a, b) => a.step_number - b.step_number)
      .map((c) => c.fine_tuned_model_checkpoint);
    expect(out.checkpoints.map((c) => c.model)).toEqual([...names, job.fine_tuned_model]);
    expect(out.checkpoints.at(-1)?.step).toBeNull();
    const examples = (await readFile(valid, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; completion: string });
    for (const row of out.checkpoints) {
      let correct = 0;
      for (const e of examples) {
        const reply = await h.client.completions.create({
          model: row.model,
          prompt: e.prompt,
          temperature: 0,
          max_tokens: out.maxTokens,
        });
        if ((reply.choices[0]?.text ?? '').trim() === e.completion.trim()) correct++;
      }
      expect(row.accuracy, row.model).toBe(correct / examples.length);
    }
    const top = Math.max(...out.checkpoints.map((c) => c.accuracy));
    const best = out.checkpoints.filter((c) => c.best);
    expect(best).toHaveLength(1);
    expect(best[0]?.accuracy).toBe(top);
    expect(out.best).toBe(best[0]?.model);

    const runs = JSON.parse((await cli(['runs', '--json'])).stdout) as RunJson[];
    const final = out.checkpoints.at(-1);
    expect(runs.find((r) => r.id === jobId)?.eval).toMatchObject({
      score: final?.accuracy,
      metric: 'accuracy',
    });
  });

  it('refuses -m together with --checkpoints (exit 2)', async () => {
    const result = await cli(['eval', '--checkpoints', jobId, '-m', 'x', '-f', valid]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--checkpoints');
  });
});

describe('early stop (local provider)', () => {
  it('stops once validation loss stops improving, keeps the best checkpoint as the model, and says so', async () => {
    const t = await uploadText(h.client, await readFile(train, 'utf8'));
    const v = await uploadText(h.client, await readFile(valid, 'utf8'), 'valid.jsonl');
    let job = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: t,
      validation_file: v,
      seed: 7,
      method: {
        type: 'supervised',
        // A learning rate this high overfits within a few epochs: the loss turns back up.
        supervised: {
          hyperparameters: {
            n_epochs: 20,
            batch_size: 4,
            learning_rate_multiplier: 8,
            early_stopping_patience: 1,
          } as never,
        },
      },
    });
    while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
      await new Promise((resolve) => setTimeout(resolve, 30));
      job = await h.client.fineTuning.jobs.retrieve(job.id);
    }
    expect(job.status).toBe('succeeded');
    const metrics = await allMetrics(h.client, job.id);
    const evaluations = metrics.filter((m) => m.fullValidLoss !== null);
    const stoppedAt = metrics.at(-1)?.step ?? 0;
    expect(stoppedAt).toBeLessThan(20 * 20);
    // Patience 1: the last evaluation is the first that did not beat the one before it.
    const losses = evaluations.map((m) => m.fullValidLoss ?? 0);
    expect(losses.at(-1)).toBeGreaterThanOrEqual(losses.at(-2) ?? Infinity);
    const bestIndex = losses.indexOf(Math.min(...losses));
    const bestStep = evaluations[bestIndex]?.step ?? -1;
    const events = [];
    for await (const e of h.client.fineTuning.jobs.listEvents(job.id, { limit: 100 })) events.push(e);
    const said = events.find((e) => e.message.startsWith('Early stop'));
    expect(said?.message).toContain(`step ${bestStep}`);
    expect(said?.data).toMatchObject({ best_step: bestStep, early_stopped_at_step: stoppedAt });
    // The model answers exactly as its best checkpoint, not as its last one.
    const model = job.fine_tuned_model ?? '';
    const ask = async (m: string) =>
      (
        await h.client.completions.create({
          model: m,
          prompt: 'The match ended in a draw',
          max_tokens: 1,
          logprobs: 3,
          temperature: 0,
        })
      ).choices[0]?.logprobs?.top_logprobs;
    expect(await ask(model)).toEqual(await ask(`${model}:ckpt-step-${bestStep}`));
    expect(await ask(model)).not.toEqual(await ask(`${model}:ckpt-step-${stoppedAt}`));

    // Followed here, it joins the run history without a creation record.
    expect((await cli(['follow', job.id])).code).toBe(0);
    const runs = JSON.parse((await cli(['runs', '--json'])).stdout) as RunJson[];
    expect(runs.find((r) => r.id === job.id)).toMatchObject({ followedOnly: true, fineTunedModel: model });
  });

  it('is refused without a validation file and with a patience that is not a whole number from 1 to 50', async () => {
    const t = await uploadText(h.client, await readFile(train, 'utf8'));
    const v = await uploadText(h.client, await readFile(valid, 'utf8'), 'valid.jsonl');
    const make = (patience: unknown, validation: string | undefined) =>
      h.client.fineTuning.jobs.create({
        model: 'local-small',
        training_file: t,
        ...(validation ? { validation_file: validation } : {}),
        method: {
          type: 'supervised',
          supervised: { hyperparameters: { early_stopping_patience: patience } as never },
        },
      });
    await expect(make(2, undefined)).rejects.toMatchObject({ status: 400 });
    await expect(make(0, v)).rejects.toMatchObject({ status: 400 });
    await expect(make(51, v)).rejects.toMatchObject({ status: 400 });
    const ok = await make(50, v);
    await h.client.fineTuning.jobs.cancel(ok.id);
  });
});
