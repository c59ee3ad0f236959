import { mkdtemp, readFile, readdir, rm, writeFile, appendFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimMeta, readAnswers, type AnswersMeta } from '../../src/rescue/answers-file.js';
import { factsOf, placeWithoutOverwriting } from '../../src/rescue/data-file.js';
import { goldenBudget, sampleIndices } from '../../src/rescue/golden-set.js';
import { keepLocalFile, mismatch } from '../../src/rescue/keep-data.js';
import { manifestOf } from '../../src/rescue/manifest-file.js';
import type { FineTuningJob } from '../../src/api/jobs.js';
import {
  inputFromManifest,
  manifestPathFor,
  readManifest,
  writeManifest,
  type Manifest,
} from '../../src/rescue/manifest.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-rescue-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const line = (i: number) => JSON.stringify({ i, prompt: `p${i}`, expected: 'x', answer: 'x', usage: null });
const meta = (over: Partial<AnswersMeta> = {}): AnswersMeta => ({
  model: 'ft:m',
  provider: 'openai',
  endpoint: 'completions',
  separator: '\n',
  stop: [],
  systemPrompt: null,
  temperature: 0,
  maxTokens: 4,
  source: { path: 'v.jsonl', sha256: 'abc', how: 'validation' },
  total: 3,
  startedAt: '2026-12-07T00:00:00Z',
  ...over,
});

describe('a file of recorded answers', () => {
  it('cuts a torn last line (a kill mid-write) and keeps the whole lines before it', async () => {
    const path = join(dir, 'golden.jsonl');
    await writeFile(path, `${line(0)}\n${line(2)}\n{"i":1,"prom`);
    const answers = await readAnswers(path, 3);
    expect([...answers.keys()]).toEqual([0, 2]);
    expect(await readFile(path, 'utf8')).toBe(`${line(0)}\n${line(2)}\n`);
  });

  it('refuses a second answer to the same input rather than guessing which is right', async () => {
    const path = join(dir, 'golden.jsonl');
    await writeFile(path, `${line(0)}\n${line(0)}\n`);
    await expect(readAnswers(path, 3)).rejects.toThrow(/line 2: answer 0 is there twice/);
  });

  it('refuses an index past the inputs of this run', async () => {
    const path = join(dir, 'golden.jsonl');
    await writeFile(path, `${line(3)}\n`);
    await expect(readAnswers(path, 3)).rejects.toThrow(/out of range/);
    await writeFile(path, `${line(2)}\n`);
    expect((await readAnswers(path, 3)).size).toBe(1);
  });

  it('resumes only a recording asked the same way', async () => {
    const path = join(dir, 'golden.jsonl');
    await claimMeta(path, meta());
    await expect(claimMeta(path, meta({ startedAt: 'later' }))).resolves.toMatchObject({
      startedAt: '2026-12-07T00:00:00Z',
    });
    await expect(claimMeta(path, meta({ separator: '###' }))).rejects.toThrow(/another separator/);
    await expect(
      claimMeta(path, meta({ source: { path: 'v.jsonl', sha256: 'def', how: 'validation' } })),
    ).rejects.toThrow(/another source/);
  });
});

describe('keeping a data file', () => {
  it('counts examples, hashes the bytes and names the line that is not JSON', async () => {
    const path = join(dir, 'd.jsonl');
    await writeFile(path, '{"a":1}\n\n{"a":2}\n');
    expect(await factsOf(path)).toMatchObject({ examples: 2, bytes: 17 });
    await appendFile(path, '{"a":\n');
    await expect(factsOf(path)).rejects.toThrow(/line 4: not valid JSON/);
  });

  it('never overwrites: the same file is reused, a different one gets the next free name', async () => {
    const wanted = join(dir, 'training.jsonl');
    await writeFile(wanted, '{"a":1}\n');
    const same = join(dir, 'same.tmp');
    await writeFile(same, '{"a":1}\n');
    const sha = (await factsOf(wanted)).sha256;
    expect(await placeWithoutOverwriting(same, wanted, sha)).toEqual({ path: wanted, reused: true });
    const other = join(dir, 'other.tmp');
    await writeFile(other, '{"a":2}\n');
    const placed = await placeWithoutOverwriting(other, wanted, (await factsOf(other)).sha256);
    expect(placed).toEqual({ path: join(dir, 'training-2.jsonl'), reused: false });
    expect(await readFile(wanted, 'utf8')).toBe('{"a":1}\n');
    expect((await readdir(dir)).sort()).toEqual(['training-2.jsonl', 'training.jsonl']);
  });

  it('takes a local copy whose example count falls in the job’s range, and refuses one outside it', async () => {
    const mine = join(dir, 'mine.jsonl');
    await writeFile(mine, '{"a":1}\n{"a":2}\n{"a":3}\n');
    const facts = await factsOf(mine);
    expect(mismatch(facts, { kind: 'range', min: 3, max: 4, why: 'w' })).toBeNull();
    expect(mismatch(facts, { kind: 'range', min: 4, max: 4, why: 'w' })).toMatch(
      /3 examples where the job had 4/,
    );
    expect(mismatch(facts, { kind: 'exact', examples: 3, sha256: facts.sha256, why: 'w' })).toBeNull();
    expect(mismatch(facts, { kind: 'exact', examples: 3, sha256: '0'.repeat(64), why: 'w' })).toMatch(
      /SHA-256 differs/,
    );
    const folder = join(dir, 'rescue');
    await expect(
      keepLocalFile(mine, 'training', folder, { kind: 'range', min: 5, max: 8, why: 'w' }, null),
    ).rejects.toThrow(/not the job's training file: it has 3 examples where the job had 5 to 8/);
    const kept = await keepLocalFile(
      mine,
      'training',
      folder,
      { kind: 'range', min: 1, max: 3, why: 'w' },
      'file-1',
    );
    expect(kept).toMatchObject({
      path: join(folder, 'training.jsonl'),
      examples: 3,
      origin: 'local',
      fileId: 'file-1',
    });
  });
});

describe('a job manifest', () => {
  async function manifestWith(
    train: string,
    earlyStop: number | null = null,
  ): Promise<{ path: string; manifest: Manifest }> {
    const facts = await factsOf(train);
    const path = manifestPathFor(train, 'ftjob-1');
    const manifest: Manifest = {
      manifest: 1,
      createdBy: 'fine-tune test',
      provider: 'local',
      baseURL: '',
      model: 'local-small',
      method: 'supervised',
      suffix: 'demo',
      seed: 7,
      hyperparameters: {
        requested: { nEpochs: 2, batchSize: 'auto', learningRate: 'auto', beta: null, earlyStop },
        resolved: null,
      },
      data: {
        format: 'prompt-completion',
        separator: '\n\n###\n\n',
        stop: null,
        systemPrompt: null,
        training: { path: 'train.jsonl', ...facts, fileId: 'file-1' },
        validation: null,
      },
      job: { id: 'ftjob-1', status: 'succeeded', createdAt: '2026-12-07T00:00:00.000Z', finishedAt: null },
      result: null,
      notes: [],
    };
    await writeManifest(path, manifest);
    return { path, manifest };
  }

  it('sits beside the training file, named after it and the job', () => {
    expect(manifestPathFor('/d/data_prepared_train.jsonl', 'ftjob-abc')).toBe(
      '/d/data_prepared_train.ftjob-abc.manifest.json',
    );
  });

  it('gives back the job to start, with its settings and its files found relative to it', async () => {
    const train = join(dir, 'train.jsonl');
    await writeFile(train, '{"prompt":"a","completion":" b"}\n');
    const { path } = await manifestWith(train);
    const { input } = await inputFromManifest(path, { model: 'local-base' });
    expect(input).toMatchObject({
      model: 'local-base',
      trainingPath: train,
      suffix: 'demo',
      seed: 7,
      separator: '\n\n###\n\n',
      hyperparameters: { nEpochs: 2, batchSize: 'auto', learningRate: 'auto' },
    });
  });

  it('keeps an early stop for the next job, and reads a manifest written before it as none', async () => {
    const train = join(dir, 'train.jsonl');
    await writeFile(train, '{"prompt":"a","completion":" b"}\n');
    const { path, manifest } = await manifestWith(train, 3);
    expect((await inputFromManifest(path)).input.hyperparameters).toEqual({
      nEpochs: 2,
      batchSize: 'auto',
      learningRate: 'auto',
      earlyStop: 3,
    });
    const { earlyStop: _dropped, ...older } = manifest.hyperparameters.requested;
    await writeFile(
      path,
      JSON.stringify({ ...manifest, hyperparameters: { requested: older, resolved: null } }),
    );
    expect((await readManifest(path)).hyperparameters.requested.earlyStop).toBeNull();
    expect((await inputFromManifest(path)).input.hyperparameters).not.toHaveProperty('earlyStop');
  });

  it('records the early stop a job was started with, and none when it had none', () => {
    const record = {
      id: 'ftjob-1',
      provider: 'local',
      baseURL: '',
      trainingFile: { id: 'file-1', path: join(dir, 'train.jsonl') },
      validationFile: null,
      model: 'local-small',
      suffix: null,
      dataFormat: 'prompt-completion',
      separator: null,
      stop: null,
      systemPrompt: null,
      createdAt: 0,
      fineTunedModel: null,
    } as const;
    const job = { id: 'ftjob-1', status: 'queued', created_at: 0 } as FineTuningJob;
    const facts = { sha256: 'a'.repeat(64), examples: 1, bytes: 1 };
    const files = { training: facts, validation: null };
    const of = (hyperparameters: { earlyStop?: number }) =>
      manifestOf(
        { model: 'local-small', trainingPath: 'train.jsonl', hyperparameters },
        record,
        job,
        files,
        join(dir, 'm.json'),
      ).hyperparameters.requested.earlyStop;
    expect(of({ earlyStop: 4 })).toBe(4);
    expect(of({})).toBeNull();
  });

  it('refuses data that changed since the manifest was written', async () => {
    const train = join(dir, 'train.jsonl');
    await writeFile(train, '{"prompt":"a","completion":" b"}\n');
    const { path } = await manifestWith(train);
    await writeFile(train, '{"prompt":"a","completion":" c"}\n');
    await expect(inputFromManifest(path)).rejects.toThrow(/changed since the manifest was written/);
  });

  it('says which field is wrong in a file that is not a manifest', async () => {
    const path = join(dir, 'x.manifest.json');
    await writeFile(path, JSON.stringify({ manifest: 1 }));
    await expect(readManifest(path)).rejects.toThrow(/not a fine-tune manifest \(field createdBy/);
  });
});

describe('the room a golden answer gets', () => {
  const ex = (expected: string) => ({ endpoint: 'completions' as const, prompt: 'p', expected });
  it('is the longest expected answer in UTF-8 bytes, which no tokenizer splits into more tokens', () => {
    expect(goldenBudget([ex(' tech'), ex(' politics')])).toBe(9);
    // Three bytes a character: a Japanese label gets room for each byte.
    expect(goldenBudget([ex('日本')])).toBe(6);
  });

  it('is at least one token and at most 4096', () => {
    expect(goldenBudget([ex('')])).toBe(1);
    expect(goldenBudget([ex('x'.repeat(5000))])).toBe(4096);
  });
});

describe('the examples a golden set samples from training data', () => {
  it('are the same for the same seed, distinct and in order, and all of them when asked for more', () => {
    const picked = sampleIndices(100, 10, 7);
    expect(picked).toEqual(sampleIndices(100, 10, 7));
    expect(new Set(picked).size).toBe(10);
    expect([...picked].sort((a, b) => a - b)).toEqual(picked);
    expect(sampleIndices(100, 10, 8)).not.toEqual(picked);
    expect(sampleIndices(5, 10, 7)).toEqual([0, 1, 2, 3, 4]);
  });
});
