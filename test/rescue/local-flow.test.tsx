import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../src/api/connect.js';
import { followJob } from '../../src/api/follow.js';
import { listModels } from '../../src/api/models.js';
import { startLocalServer, type LocalServer } from '../../src/server/index.js';
import type { RescueReport } from '../../src/rescue/compare.js';
import { factsOf } from '../../src/rescue/data-file.js';
import {
  goldenSource,
  noteRetrained,
  planFor,
  stepCompare,
  stepGolden,
  stepKeepData,
  stepRetrain,
  type RescueContext,
} from '../../src/rescue/flow.js';
import { takeInventory, type InventoryItem } from '../../src/rescue/inventory.js';
import { expectedExamples } from '../../src/rescue/keep-data.js';
import { noteJobEnded, readManifest, startJobWithManifest } from '../../src/rescue/manifest.js';
import { defaultSeams } from '../../src/rescue/seams.js';
import { newState, type RescueState } from '../../src/rescue/state.js';
import { cleanup, render } from 'ink-testing-library';
import { App } from '../../src/app/app.js';
import { realEngine } from '../../src/app/real-engine.js';
import type { Services } from '../../src/app/services.js';
import { runCli } from '../helpers/run-cli.js';
import { KEY, press, services, tempDir, waitFor } from '../app/helpers.js';

// The whole rescue offline: a local-small fine-tune (trained once, shared by every test here) rescued
// onto local-base on the same local server, step by step as the command runs them, then through the
// wizard's screens.
const fixture = (name: string) => fileURLToPath(new URL(`../fixtures/train/${name}`, import.meta.url));
const SEPARATOR = '\n\n###\n\n';
const CTRL_R = '\u0012';

let dir: string;
let server: LocalServer;
let local: Connection;
let env: NodeJS.ProcessEnv;
let sourceModel: string;
let trainPath: string;
let validPath: string;
let ctx: RescueContext;
let state: RescueState;
let item: InventoryItem;

async function head(name: string, lines: number, target: string): Promise<string> {
  const text = (await readFile(fixture(name), 'utf8')).split('\n').slice(0, lines).join('\n');
  await writeFile(target, `${text}\n`);
  return target;
}

async function trained(connection: Connection, jobId: string): Promise<string> {
  const { job } = await followJob(connection.client, jobId, { pollMs: 20 });
  await noteJobEnded(job, env);
  if (job.status !== 'succeeded' || !job.fine_tuned_model) throw new Error(`job ${job.status}`);
  return job.fine_tuned_model;
}

/** Moves the inventory's cursor down to `model`. */
async function select(ui: ReturnType<typeof render>, model: string): Promise<void> {
  for (let i = 0; i < 5 && !(ui.lastFrame() ?? '').includes(`› ${model}`); i++) {
    const before = ui.lastFrame();
    await press(ui, KEY.down);
    await waitFor(() => expect(ui.lastFrame()).not.toBe(before));
  }
  expect(ui.lastFrame()).toContain(`› ${model}`);
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-rescue-local-'));
  env = { FINE_TUNE_HOME: join(dir, 'home') };
  server = await startLocalServer({
    dataDir: join(dir, 'server'),
    stepDelayMs: 0,
    streamDelayMs: 0,
    log: () => undefined,
  });
  local = await connect({
    provider: 'local',
    baseUrl: server.baseURL,
    env: { FINE_TUNE_LOCAL_API_KEY: server.apiKey },
  });
  await mkdir(join(dir, 'data'));
  trainPath = await head('topics_train.jsonl', 200, join(dir, 'data', 'topics_train.jsonl'));
  validPath = await head('topics_valid.jsonl', 40, join(dir, 'data', 'topics_valid.jsonl'));
  const { job } = await startJobWithManifest(
    local,
    {
      model: 'local-small',
      trainingPath: trainPath,
      validationPath: validPath,
      suffix: 'topics',
      seed: 3,
      separator: SEPARATOR,
      // One epoch: the source and every retraining of it train in a fraction of a second.
      hyperparameters: { nEpochs: 1 },
    },
    { env },
  );
  sourceModel = await trained(local, job.id);
  ctx = {
    source: local,
    seams: defaultSeams('2026-12-07'),
    folder: join(dir, 'rescue'),
    env,
  };
  state = newState(sourceModel, 'local');
});
afterAll(async () => {
  await local.close();
  await server.close();
  await rm(dir, { recursive: true, force: true });
});

describe('a local-small fine-tune rescued onto local-base', () => {
  it('is in the inventory with its job, settings and both files still downloadable', async () => {
    const inventory = await takeInventory(local.client, 'local', ctx.seams);
    expect(inventory.trainingCloses).toBeNull();
    const found = inventory.items.find((i) => i.model === sourceModel);
    if (!found) throw new Error('model not listed');
    item = found;
    expect(item).toMatchObject({ base: 'local-small', shutdownDate: null, daysLeft: null });
    expect(item.job).toMatchObject({
      suffix: 'topics',
      seed: 3,
      hyperparameters: { nEpochs: 1, batchSize: 2 },
      trainingFile: { available: true },
      validationFile: { available: true },
    });
  });

  it('keeps the data byte for byte, and a second run reuses it without writing', async () => {
    const first = await stepKeepData(ctx, state, item);
    state = first.state;
    expect(first.result.needs).toEqual([]);
    expect(first.result.kept.training).toMatchObject({
      examples: 200,
      sha256: (await factsOf(trainPath)).sha256,
      reused: false,
    });
    expect(await readFile(join(ctx.folder, 'validation.jsonl'), 'utf8')).toBe(
      await readFile(validPath, 'utf8'),
    );
    const again = await stepKeepData(ctx, state, item);
    expect(again.result.kept.training).toMatchObject({
      path: join(ctx.folder, 'training.jsonl'),
      reused: true,
    });
  });

  it('records the golden set at temperature 0 with the separator: each answer is what the model says to a direct request', async () => {
    const recorded = await stepGolden(ctx, state, goldenSource(state, ctx.folder), { concurrency: 4 });
    state = recorded.state;
    const result = recorded.result;
    expect(result.progress).toMatchObject({ done: 40, total: 40, costUsd: 0 });
    const lines = (await readFile(join(ctx.folder, 'golden.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; prompt: string; answer: string });
    expect(lines).toHaveLength(40);
    for (const line of lines.slice(0, 5)) {
      const direct = await local.client.completions.create({
        model: sourceModel,
        prompt: line.prompt,
        temperature: 0,
        max_tokens: 1,
      });
      expect(line.prompt.endsWith(SEPARATOR)).toBe(true);
      expect(line.answer).toBe(direct.choices[0]?.text);
    }
  });

  it('retrains on local-base with the source job’s settings, and writes the new job’s manifest beside the kept data', async () => {
    const models = await listModels(local.client);
    const base = models.find((m) => m.id === 'local-base');
    if (!base) throw new Error('no local-base');
    const plan = await planFor(ctx, state, item, { provider: 'local', model: base });
    expect(plan.hyperparameters).toEqual({ nEpochs: 1, batchSize: 2, learningRate: 1 });
    expect(plan.conversion).toBe('none');
    const started = await stepRetrain(ctx, state, local, plan);
    const { job } = await followJob(local.client, started.job.id, { pollMs: 20 });
    await noteJobEnded(job, env);
    state = await noteRetrained(ctx, started.state, job);
    expect(state.retrain?.fineTunedModel).toMatch(/^ft:local-base:/);
    const manifest = await readManifest(started.manifest);
    expect(started.manifest.startsWith(ctx.folder)).toBe(true);
    expect(manifest).toMatchObject({
      provider: 'local',
      model: 'local-base',
      seed: 3,
      data: {
        training: { path: 'training.jsonl', examples: 200 },
        validation: { path: 'validation.jsonl', examples: 40 },
      },
      result: { model: state.retrain?.fineTunedModel },
    });
    expect(manifest.notes[0]).toBe(`Rescue of ${sourceModel}.`);
  });

  it('compares the new model with the golden set: the report’s agreement is the direct count', async () => {
    const compared = await stepCompare(ctx, state, local, { concurrency: 4 });
    state = compared.state;
    const golden = (await readFile(join(ctx.folder, 'golden.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { i: number; prompt: string; answer: string });
    const newModel = state.retrain?.fineTunedModel ?? '';
    let agreed = 0;
    for (const line of golden) {
      const reply = await local.client.completions.create({
        model: newModel,
        prompt: line.prompt,
        temperature: 0,
        max_tokens: 1,
      });
      if ((reply.choices[0]?.text ?? '').trim() === line.answer.trim()) agreed += 1;
    }
    const written = JSON.parse(await readFile(compared.paths.json, 'utf8')) as RescueReport;
    expect(written.agreement.agreed).toBe(agreed);
    expect(written.agreement.agreement).toBeCloseTo(agreed / 40, 12);
    expect(written.flips).toHaveLength(40 - agreed);
    const markdown = await readFile(compared.paths.markdown, 'utf8');
    expect(markdown).toContain(`on ${agreed} of 40 golden answers (${((agreed / 40) * 100).toFixed(1)}%)`);
    expect(state.reports.map((r) => r.model)).toEqual([newModel]);
  });

  it('takes the same path in the wizard, from the first screen to the flipped examples', async () => {
    let farewell: string | null = null;
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env,
      pollMs: 50,
      bell: () => undefined,
      rescueSeams: ctx.seams,
      provider: { open: async () => local },
    };
    const ui = render(<App file={undefined} services={wizard} onExit={(text) => (farewell = text)} />);
    try {
      await waitFor(() => expect(ui.lastFrame()).toContain('Ctrl+R'));
      await press(ui, CTRL_R);
      await waitFor(() => expect(ui.lastFrame()).toContain(sourceModel), 10_000);
      // The models retrained above are newer, so they are listed first.
      await select(ui, sourceModel);
      expect(ui.lastFrame()).toContain('training ✓ · validation ✓');
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toContain('validation.jsonl · 40 examples'), 10_000);
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toContain('Recorded: 40 answers'), 10_000);
      expect(ui.lastFrame()).toContain('40 of 40 answers · $0.00 so far');
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toContain('Which provider'));
      // openai, azure, then local.
      await press(ui, KEY.up);
      await waitFor(() => expect(ui.lastFrame()).toContain('› local'));
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toContain('› local-base'), 10_000);
      await press(ui, KEY.enter);
      await waitFor(
        () => expect(ui.lastFrame()).toContain('epochs 1 · batch size 2 · lr multiplier 1'),
        10_000,
      );
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toContain('enter compare'), 20_000);
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toMatch(/Agrees on \d+ of 40 golden answers/), 10_000);
      await press(ui, KEY.tab);
      await waitFor(() => expect(ui.lastFrame()).toMatch(/Flipped 1 of \d+|No example flipped/));
      await press(ui, KEY.escape);
      await waitFor(() => expect(ui.lastFrame()).toContain('enter compare'));
      await press(ui, 'q');
      await waitFor(() => expect(farewell).toMatch(/Report: rescue-.*report-local-base-.*\.md/));
    } finally {
      cleanup();
    }
  });

  it('leaves the wizard’s data step with the command that goes on with the rescue', async () => {
    let farewell: string | null = null;
    const wizard: Services = {
      ...services(realEngine(), tempDir(), dir),
      env,
      provider: { open: async () => local },
    };
    const ui = render(<App file={undefined} services={wizard} onExit={(text) => (farewell = text)} />);
    try {
      await waitFor(() => expect(ui.lastFrame()).toContain('Ctrl+R'));
      await press(ui, CTRL_R);
      await waitFor(() => expect(ui.lastFrame()).toContain(sourceModel), 10_000);
      await press(ui, KEY.escape);
      await waitFor(() => expect(ui.lastFrame()).toContain('Which data file'));
      await press(ui, CTRL_R);
      await waitFor(() => expect(ui.lastFrame()).toContain(sourceModel), 10_000);
      await select(ui, sourceModel);
      await press(ui, KEY.enter);
      await waitFor(() => expect(ui.lastFrame()).toContain('enter record the golden set'), 10_000);
      await press(ui, 'q');
      await waitFor(() =>
        expect(farewell).toContain(`Go on with: fine-tune rescue ${sourceModel} --out rescue-`),
      );
    } finally {
      cleanup();
    }
  });

  it('retrains from the manifest alone with fine-tune create --from', async () => {
    const manifestPath = state.retrain?.manifest ?? '';
    const result = await runCli(
      ['create', '--from', manifestPath, '--no-follow', '--json', '--base-url', server.baseURL],
      {
        env: { ...env, FINE_TUNE_LOCAL_API_KEY: server.apiKey, FINE_TUNE_PROVIDER: '', OPENAI_API_KEY: '' },
      },
    );
    expect(result.code, result.stderr).toBe(0);
    const job = JSON.parse(result.stdout) as {
      id: string;
      model: string;
      seed: number;
      hyperparameters: Record<string, unknown>;
    };
    expect(job).toMatchObject({ model: 'local-base', seed: 3 });
    expect(job.hyperparameters).toMatchObject({ n_epochs: 1, batch_size: 2, learning_rate_multiplier: 1 });
  });

  it('asks for your own copy when the provider no longer has the training file, and checks it', async () => {
    await local.client.files.delete(item.job?.trainingFile.id ?? '');
    const inventory = await takeInventory(local.client, 'local', ctx.seams);
    const gone = inventory.items.find((i) => i.model === sourceModel);
    if (!gone?.job) throw new Error('model not listed');
    expect(gone.job.trainingFile.available).toBe(false);
    // The job's steps say how many examples it trained on: 100 steps per epoch of batch size 2.
    expect(await expectedExamples(local.client, gone.job, 'training')).toMatchObject({
      kind: 'range',
      min: 199,
      max: 200,
    });

    const folder = join(dir, 'rescue-gone');
    const other = { ...ctx, folder };
    const asked = await stepKeepData(other, newState(sourceModel, 'local'), gone);
    expect(asked.result.needs).toMatchObject([
      { role: 'training', check: { kind: 'exact', examples: 200 }, suggestion: trainPath },
    ]);
    const short = await head('topics_train.jsonl', 150, join(dir, 'data', 'short.jsonl'));
    await expect(stepKeepData(other, asked.state, gone, { training: short })).rejects.toThrow(
      /SHA-256 differs/,
    );
    const kept = await stepKeepData(other, asked.state, gone, { training: trainPath });
    expect(kept.result.kept.training).toMatchObject({
      origin: 'local',
      examples: 200,
      path: join(folder, 'training.jsonl'),
    });
  });
});
