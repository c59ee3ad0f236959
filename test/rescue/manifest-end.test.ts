import { mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { factsOf } from '../../src/rescue/data-file.js';
import { sourceFormat } from '../../src/rescue/golden-set.js';
import { iso, resolvedOf } from '../../src/rescue/manifest-file.js';
import {
  dataPath,
  inputFromManifest,
  manifestPathFor,
  noteJobEnded,
  readManifest,
  writeManifest,
  type Manifest,
} from '../../src/rescue/manifest.js';
import { loadJobRecord, saveJobRecord } from '../../src/store/jobs.js';

// A job's manifest completed when it ends, and read back to train again: each test builds its own
// home, record and data, so it means the same when Stryker runs it alone.
async function setUp(jobId = 'ftjob-1') {
  const dir = await mkdtemp(join(tmpdir(), 'ft-manifest-end-'));
  const env = { FINE_TUNE_HOME: join(dir, 'home') };
  const train = join(dir, 'train.jsonl');
  await writeFile(
    train,
    '{"prompt":"a\\n\\n###\\n\\n","completion":" b END"}\n{"prompt":"c\\n\\n###\\n\\n","completion":" d END"}\n',
  );
  const valid = join(dir, 'valid.jsonl');
  await writeFile(valid, '{"prompt":"e\\n\\n###\\n\\n","completion":" f END"}\n');
  await saveJobRecord(
    {
      id: jobId,
      provider: 'openai',
      baseURL: 'https://api.openai.com/v1',
      trainingFile: { id: 'file-t', path: train },
      validationFile: null,
      model: 'davinci-002',
      suffix: null,
      dataFormat: 'prompt-completion',
      separator: '@@',
      stop: '##',
      systemPrompt: null,
      createdAt: 1,
    },
    env,
  );
  const path = manifestPathFor(train, jobId);
  const manifest: Manifest = {
    manifest: 1,
    createdBy: 'fine-tune test',
    provider: 'openai',
    baseURL: '',
    model: 'davinci-002',
    method: 'supervised',
    suffix: null,
    seed: null,
    hyperparameters: {
      requested: { nEpochs: null, batchSize: 4, learningRate: null, beta: 0.2, earlyStop: null },
      resolved: { nEpochs: 2, batchSize: 4, learningRate: 'auto' },
    },
    data: {
      format: null,
      separator: null,
      stop: null,
      systemPrompt: null,
      training: { path: 'train.jsonl', ...(await factsOf(train)), fileId: 'file-t' },
      validation: { path: 'valid.jsonl', ...(await factsOf(valid)), fileId: 'file-v' },
    },
    job: { id: jobId, status: 'running', createdAt: '2026-12-07T00:00:00.000Z', finishedAt: null },
    result: null,
    notes: [],
  };
  await writeManifest(path, manifest);
  return { dir, env, train, valid, path, manifest };
}

const ended = (fields: Partial<FineTuningJob>): FineTuningJob =>
  ({ id: 'ftjob-1', status: 'succeeded', finished_at: 1_800_000_000, ...fields }) as FineTuningJob;

describe('a job that ends', () => {
  it('puts its model on the record and its result, dates and settings in the manifest', async () => {
    const { env, path, manifest } = await setUp();
    const job = ended({
      fine_tuned_model: 'ft:davinci-002:x',
      trained_tokens: 1234,
      hyperparameters: { n_epochs: 3, batch_size: 'auto', learning_rate_multiplier: 0.5 },
    } as Partial<FineTuningJob>);
    expect(await noteJobEnded(job, env)).toBe(path);
    expect((await loadJobRecord('ftjob-1', env))?.fineTunedModel).toBe('ft:davinci-002:x');
    expect(await readManifest(path)).toEqual({
      ...manifest,
      hyperparameters: {
        ...manifest.hyperparameters,
        resolved: { nEpochs: 3, batchSize: 'auto', learningRate: 0.5 },
      },
      job: { ...manifest.job, status: 'succeeded', finishedAt: '2027-01-15T08:00:00.000Z' },
      result: { model: 'ft:davinci-002:x', trainedTokens: 1234 },
    });
  });

  it('that failed keeps the settings it had and no result, and a job without a record or manifest is fine', async () => {
    const { env, path, manifest, dir } = await setUp();
    expect(
      await noteJobEnded(ended({ status: 'failed', fine_tuned_model: null, finished_at: null }), env),
    ).toBe(path);
    expect(await readManifest(path)).toEqual({
      ...manifest,
      job: { ...manifest.job, status: 'failed' },
      result: null,
    });
    expect((await loadJobRecord('ftjob-1', env))?.fineTunedModel).toBeNull();
    expect(await noteJobEnded(ended({ id: 'ftjob-2', fine_tuned_model: 'ft:y' }), env)).toBeNull();
    const { env: other, path: otherPath } = await setUp('ftjob-3');
    await writeFile(otherPath, 'not json');
    expect(await noteJobEnded(ended({ id: 'ftjob-3' }), other)).toBeNull();
    expect(await readdir(dir)).toContain('train.ftjob-1.manifest.json');
  });
});

describe('the settings a job resolved to', () => {
  it('are read from the method first, kept when at least one is a number, else none', () => {
    const h = (n: unknown) => ({ n_epochs: n, batch_size: 'auto', learning_rate_multiplier: 'x' });
    expect(
      resolvedOf({
        method: { supervised: { hyperparameters: h(2) } },
        hyperparameters: h(9),
      } as unknown as FineTuningJob),
    ).toEqual({ nEpochs: 2, batchSize: 'auto', learningRate: null });
    expect(
      resolvedOf({ method: { dpo: { hyperparameters: h(5) } } } as unknown as FineTuningJob),
    ).toMatchObject({ nEpochs: 5 });
    expect(resolvedOf({ hyperparameters: h('auto') } as unknown as FineTuningJob)).toBeNull();
    expect(resolvedOf({} as FineTuningJob)).toBeNull();
    expect(iso(0)).toBe('1970-01-01T00:00:00.000Z');
    expect(iso(null)).toBeNull();
    expect(iso(undefined)).toBeNull();
  });
});

describe('training again from a manifest', () => {
  it('finds both files relative to it and carries only the settings requested', async () => {
    const { path, train, valid } = await setUp();
    expect(dataPath(path, 'train.jsonl')).toBe(train);
    expect(dataPath(path, '/abs/x.jsonl')).toBe('/abs/x.jsonl');
    const { input } = await inputFromManifest(path, { suffix: 'again' });
    expect(input).toMatchObject({
      model: 'davinci-002',
      trainingPath: train,
      validationPath: valid,
      suffix: 'again',
    });
    expect(input.hyperparameters).toEqual({ batchSize: 4, beta: 0.2 });
    expect(input).toMatchObject({
      separator: undefined,
      stop: undefined,
      systemPrompt: undefined,
      dataFormat: undefined,
    });
  });

  it('refuses a validation file that changed, and a file whose count differs from the manifest', async () => {
    const { path, valid, manifest } = await setUp();
    await writeFile(valid, '{"prompt":"z","completion":" y"}\n');
    await expect(inputFromManifest(path)).rejects.toThrow(
      `${valid}: the validation file changed since the manifest was written (SHA-256 differs).`,
    );
    const facts = await factsOf(valid);
    await writeManifest(path, {
      ...manifest,
      data: { ...manifest.data, validation: { path: 'valid.jsonl', ...facts, examples: 2, fileId: null } },
    });
    await expect(inputFromManifest(path)).rejects.toThrow(`${valid}: 1 examples where the manifest says 2.`);
  });
});

describe('how a golden set asks a model this tool trained', () => {
  it('takes the record over what the data shows', async () => {
    const { env, train } = await setUp();
    await noteJobEnded(ended({ fine_tuned_model: 'ft:davinci-002:x' }), env);
    expect(await sourceFormat('ft:davinci-002:x', train, 'completions', env)).toEqual({
      endpoint: 'completions',
      separator: '@@',
      stop: ['##'],
      systemPrompt: null,
    });
    expect(await sourceFormat('ft:davinci-002:x:ckpt-step-10', null, 'completions', env)).toMatchObject({
      separator: '@@',
    });
    expect(await sourceFormat('ft:davinci-002:y', train, 'completions', env)).toMatchObject({
      separator: '\n\n###\n\n',
      stop: [' END'],
    });
  });
});
