import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { manifestPathFor, writeManifest, type Manifest } from '../../src/rescue/manifest-file.js';
import {
  curvesOf,
  evalWords,
  findRun,
  loadRuns,
  overlaySeries,
  settingsOf,
  type Run,
} from '../../src/rescue/run-history.js';
import { saveJobRecord, type NewJobRecord } from '../../src/store/jobs.js';
import { saveEvalScore, saveRunNote, type RunNote } from '../../src/store/runs.js';

// `fine-tune runs` reads three stores (job records, run notes, eval scores) and the manifests beside
// the training files: these tests write each store as the commands do and check the list it makes.
const SHA = 'a'.repeat(64);
const SHA_V = 'b'.repeat(64);
const FT_A = 'ft:gpt-4o-mini-2024-07-18:acme:sup:a1';

let dir: string;
let env: NodeJS.ProcessEnv;
// Read again in each test, not once in `beforeAll`: mutation testing switches a mutant on per test.
let runs: Run[];

function record(fields: Partial<NewJobRecord> & { id: string }): NewJobRecord {
  return {
    provider: 'openai',
    baseURL: 'https://api.openai.com/v1',
    trainingFile: { id: 'file-t', path: join(dir, 'train.jsonl') },
    validationFile: null,
    model: 'gpt-4o-mini-2024-07-18',
    suffix: null,
    dataFormat: 'chat',
    separator: null,
    stop: null,
    systemPrompt: null,
    createdAt: 0,
    fineTunedModel: null,
    ...fields,
  };
}

function note(fields: Partial<RunNote> & { id: string }): RunNote {
  return {
    provider: 'together',
    baseURL: 'https://api.together.xyz/v1',
    model: 'meta-llama/Llama-3-8b',
    suffix: null,
    fineTunedModel: null,
    status: 'running',
    createdAt: 0,
    finishedAt: null,
    trainedTokens: null,
    hyperparameters: {},
    trainingFile: null,
    validationFile: null,
    totalSteps: null,
    finalTrainLoss: null,
    finalValidLoss: null,
    updatedAt: 0,
    ...fields,
  };
}

function manifest(resolved: Manifest['hyperparameters']['resolved']): Manifest {
  return {
    manifest: 1,
    createdBy: 'fine-tune test',
    provider: 'openai',
    baseURL: 'https://api.openai.com/v1',
    model: 'gpt-4o-mini-2024-07-18',
    method: 'supervised',
    suffix: 'sup',
    seed: null,
    hyperparameters: {
      requested: { nEpochs: 4, batchSize: 'auto', learningRate: null, beta: null, earlyStop: null },
      resolved,
    },
    data: {
      format: 'chat',
      separator: null,
      stop: null,
      systemPrompt: null,
      training: { path: 'train.jsonl', sha256: SHA, examples: 1200, bytes: 10, fileId: 'file-t' },
      validation: { path: 'valid.jsonl', sha256: SHA_V, examples: 30, bytes: 5, fileId: null },
    },
    job: { id: 'ftjob-a', status: 'succeeded', createdAt: '2026-01-01T00:00:00.000Z', finishedAt: null },
    result: { model: FT_A, trainedTokens: 36_000 },
    notes: [],
  };
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-runs-'));
  env = { FINE_TUNE_HOME: join(dir, 'home') };
  // A: created here, with a manifest that resolved its settings and knows the result.
  await saveJobRecord(
    record({
      id: 'ftjob-a',
      suffix: 'sup',
      createdAt: 100,
      validationFile: { id: 'file-v', path: join(dir, 'valid.jsonl') },
    }),
    env,
  );
  await writeManifest(
    manifestPathFor(join(dir, 'train.jsonl'), 'ftjob-a'),
    manifest({ nEpochs: 3, batchSize: 8, learningRate: 1.8 }),
  );
  await saveEvalScore(
    {
      model: FT_A,
      file: 'v.jsonl',
      kind: 'classification',
      score: 0.925,
      metric: 'accuracy',
      examples: 40,
      at: 1,
    },
    env,
  );
  // B: only followed here (a note, no record), newest.
  await saveRunNote(
    note({
      id: 'ftjob-b',
      createdAt: 300,
      status: 'failed',
      trainingFile: 'file-x',
      hyperparameters: { n_epochs: 2, learning_rate: 0.0001 },
      totalSteps: 40,
      finalTrainLoss: 0.51234,
      trainedTokens: 1_234_567,
    }),
    env,
  );
  // C: created here on the local provider and followed (the note wins); no manifest, no eval.
  await saveJobRecord(
    record({
      id: 'ftjob-c',
      provider: 'local',
      baseURL: 'http://127.0.0.1:1/v1',
      model: 'local-base',
      createdAt: 200,
      trainingFile: { id: 'file-c', path: join(dir, 'c.jsonl') },
      // The record learns the model only when a command sees the job end; the note already has it.
      fineTunedModel: null,
    }),
    env,
  );
  await saveRunNote(
    note({
      id: 'ftjob-c',
      provider: 'local',
      baseURL: 'http://127.0.0.1:2/v1',
      model: 'local-base',
      suffix: 'noted',
      status: 'succeeded',
      createdAt: 200,
      fineTunedModel: 'ft:local-base:c',
      trainedTokens: 500,
      finalValidLoss: 0.2,
    }),
    env,
  );
  // Not a note: skipped, never an error.
  await mkdir(join(dir, 'home', 'runs'), { recursive: true });
  await writeFile(join(dir, 'home', 'runs', 'broken.json'), '{');
});
beforeEach(async () => {
  runs = await loadRuns(env);
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const byId = (id: string): Run => {
  const run = runs.find((r) => r.id === id);
  if (!run) throw new Error(`no run ${id}`);
  return run;
};

describe('the runs list', () => {
  it('holds every created and every followed job once, newest first', () => {
    expect(runs.map((r) => r.id)).toEqual(['ftjob-b', 'ftjob-c', 'ftjob-a']);
    expect(runs.map((r) => r.followedOnly)).toEqual([true, false, false]);
  });

  it('takes a created job from its record and manifest: data, resolved settings, result, eval, cost', () => {
    expect(byId('ftjob-a')).toEqual({
      id: 'ftjob-a',
      provider: 'openai',
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini-2024-07-18',
      suffix: 'sup',
      fineTunedModel: FT_A,
      status: 'succeeded',
      createdAt: 100,
      training: { path: join(dir, 'train.jsonl'), fileId: 'file-t', sha256: SHA, rows: 1200 },
      validation: { path: join(dir, 'valid.jsonl'), fileId: 'file-v', sha256: SHA_V, rows: 30 },
      hyperparameters: { n_epochs: 3, batch_size: 8, learning_rate_multiplier: 1.8 },
      totalSteps: null,
      trainedTokens: 36_000,
      finalTrainLoss: null,
      finalValidLoss: null,
      eval: {
        model: FT_A,
        file: 'v.jsonl',
        kind: 'classification',
        score: 0.925,
        metric: 'accuracy',
        examples: 40,
        at: 1,
      },
      // gpt-4o-mini training: $3 per 1M tokens.
      costUsd: 0.108,
      followedOnly: false,
    });
  });

  it('takes a followed job from its note alone: no manifest, unknown price', () => {
    expect(byId('ftjob-b')).toMatchObject({
      provider: 'together',
      model: 'meta-llama/Llama-3-8b',
      status: 'failed',
      training: { path: null, fileId: 'file-x', sha256: null, rows: null },
      validation: null,
      hyperparameters: { n_epochs: 2, learning_rate: 0.0001 },
      totalSteps: 40,
      finalTrainLoss: 0.51234,
      eval: null,
      costUsd: null,
    });
  });

  it('prefers the note over the record, and costs nothing on the local provider', () => {
    expect(byId('ftjob-c')).toMatchObject({
      provider: 'local',
      fineTunedModel: 'ft:local-base:c',
      baseURL: 'http://127.0.0.1:2/v1',
      suffix: 'noted',
      status: 'succeeded',
      training: { path: join(dir, 'c.jsonl'), fileId: 'file-c', sha256: null, rows: null },
      validation: null,
      hyperparameters: {},
      trainedTokens: 500,
      finalValidLoss: 0.2,
      eval: null,
      costUsd: 0,
    });
  });

  it('is empty with no stores at all', async () => {
    expect(await loadRuns({ FINE_TUNE_HOME: join(dir, 'nothing') })).toEqual([]);
  });

  it('uses the requested settings when the job never resolved them, leaving out the unknown', async () => {
    const home = { FINE_TUNE_HOME: join(dir, 'home-requested') };
    const training = join(dir, 'req', 'train.jsonl');
    await mkdir(join(dir, 'req'), { recursive: true });
    await saveJobRecord(record({ id: 'ftjob-r', trainingFile: { id: 'file-r', path: training } }), home);
    await writeManifest(manifestPathFor(training, 'ftjob-r'), { ...manifest(null), result: null });
    const [run] = await loadRuns(home);
    expect(run?.hyperparameters).toEqual({ n_epochs: 4, batch_size: 'auto' });
    // The record has no validation file, the manifest has one: the manifest's entry is shown.
    expect(run?.validation).toEqual({ path: 'valid.jsonl', fileId: null, sha256: SHA_V, rows: 30 });
    expect(run?.status).toBe('succeeded');
    expect(run?.fineTunedModel).toBeNull();
    expect(run?.eval).toBeNull();
    // No manifest result, no note: trained tokens unknown, so the cost is too.
    expect(run?.costUsd).toBeNull();
    expect(settingsOf(run as Run)).toMatchObject({
      'trained tokens': '-',
      epochs: '4',
      'batch size': 'auto',
      'learning rate': '-',
    });
  });

  it('says "unknown" for the status of a created job with neither note nor manifest', async () => {
    const home = { FINE_TUNE_HOME: join(dir, 'home-bare') };
    await saveJobRecord(record({ id: 'ftjob-z', createdAt: 5 }), home);
    const [run] = await loadRuns(home);
    expect(run).toMatchObject({ status: 'unknown', hyperparameters: {}, createdAt: 5, followedOnly: false });
  });
});

describe('finding a run by name', () => {
  it('by job id, by fine-tuned model or one of its checkpoints; else null', () => {
    expect(findRun(runs, 'ftjob-c')?.id).toBe('ftjob-c');
    expect(findRun(runs, FT_A)?.id).toBe('ftjob-a');
    expect(findRun(runs, `${FT_A}:ckpt-step-10`)?.id).toBe('ftjob-a');
    // A longer name that only starts with the model is another model.
    expect(findRun(runs, `${FT_A}x`)).toBeNull();
    expect(findRun(runs, 'ftjob-nope')).toBeNull();
    // A run without a model is matched by no name, not even one that spells its missing model.
    expect(findRun(runs, '')).toBeNull();
    expect(findRun(runs, 'null:ckpt-step-1')).toBeNull();
  });
});

describe("a run's settings as `runs compare` lists them", () => {
  it('names the data by hash and rows, the settings, losses, eval and cost', () => {
    expect(settingsOf(byId('ftjob-a'))).toEqual({
      provider: 'openai',
      base: 'gpt-4o-mini-2024-07-18',
      suffix: 'sup',
      'training data': `${SHA.slice(0, 12)} · 1,200 rows`,
      'validation data': `${SHA_V.slice(0, 12)} · 30 rows`,
      epochs: '3',
      'batch size': '8',
      'learning rate': '1.8',
      status: 'succeeded',
      'trained tokens': '36,000',
      'final training loss': '-',
      'final validation loss': '-',
      eval: '92.5% accuracy',
      cost: '$0.11',
    });
  });

  it('falls back to the file id, the absolute rate, dashes and "unknown"', () => {
    expect(settingsOf(byId('ftjob-b'))).toEqual({
      provider: 'together',
      base: 'meta-llama/Llama-3-8b',
      suffix: '-',
      'training data': 'file-x',
      'validation data': '-',
      epochs: '2',
      'batch size': '-',
      'learning rate': '0.0001',
      status: 'failed',
      'trained tokens': '1,234,567',
      'final training loss': '0.5123',
      'final validation loss': '-',
      eval: '-',
      cost: 'unknown',
    });
    expect(settingsOf(byId('ftjob-c'))).toMatchObject({
      suffix: 'noted',
      'training data': 'file-c',
      epochs: '-',
      'batch size': '-',
      'learning rate': '-',
      'trained tokens': '500',
      'final validation loss': '0.2',
      cost: '$0.00',
    });
  });

  it('writes an eval score as a percentage (at most one decimal) and its metric', () => {
    expect(evalWords(null)).toBe('-');
    expect(
      evalWords({
        model: 'm',
        file: 'f',
        kind: 'generation',
        score: 0.5,
        metric: 'exact match',
        examples: 2,
        at: 0,
      }),
    ).toBe('50% exact match');
  });
});

describe("a run's loss curves", () => {
  it('overlays two runs: each one’s training and validation loss, labelled, those with points only', () => {
    const a = { train: [{ epoch: 1, value: 2 }], validation: [{ epoch: 1, value: 3 }] };
    const b = { train: [{ epoch: 1, value: 4 }], validation: [] };
    expect(overlaySeries(a, b)).toEqual([
      { label: 'A training loss', points: [{ epoch: 1, value: 2 }] },
      { label: 'B training loss', points: [{ epoch: 1, value: 4 }] },
      { label: 'A validation loss', points: [{ epoch: 1, value: 3 }] },
    ]);
    expect(
      overlaySeries({ train: [], validation: [] }, { ...b, validation: [{ epoch: 2, value: 5 }] }),
    ).toEqual([
      { label: 'B training loss', points: [{ epoch: 1, value: 4 }] },
      { label: 'B validation loss', points: [{ epoch: 2, value: 5 }] },
    ]);
  });

  const steps = [
    { step: 10, trainLoss: 2, validLoss: null, fullValidLoss: null },
    { step: 20, trainLoss: 1, validLoss: 1.5, fullValidLoss: 1.2 },
    { step: 40, trainLoss: null, validLoss: null, fullValidLoss: 0.9 },
  ];

  it('puts steps on the epoch axis from the total steps and epochs; validation only at full evaluations', () => {
    // ftjob-b: 40 steps over 2 epochs.
    expect(curvesOf(byId('ftjob-b'), steps)).toEqual({
      train: [
        { epoch: 0.5, value: 2 },
        { epoch: 1, value: 1 },
      ],
      validation: [
        { epoch: 1, value: 1.2 },
        { epoch: 2, value: 0.9 },
      ],
    });
  });

  it('takes the last step as the total and one epoch when the run says neither', () => {
    // ftjob-c: no total steps, no epochs: 40 steps are one epoch.
    expect(curvesOf(byId('ftjob-c'), steps).train).toEqual([
      { epoch: 0.25, value: 2 },
      { epoch: 0.5, value: 1 },
    ]);
    expect(curvesOf(byId('ftjob-c'), [])).toEqual({ train: [], validation: [] });
  });
});
