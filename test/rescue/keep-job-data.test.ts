import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Connection } from '../../src/api/connect.js';
import { factsOf } from '../../src/rescue/data-file.js';
import { stepKeepData } from '../../src/rescue/flow.js';
import type { InventoryItem, SourceJob } from '../../src/rescue/inventory.js';
import { checkFor, keepJobData } from '../../src/rescue/keep-job-data.js';
import { manifestPathFor, writeManifest } from '../../src/rescue/manifest-file.js';
import { defaultSeams } from '../../src/rescue/seams.js';
import { newState } from '../../src/rescue/state.js';
import { saveJobRecord } from '../../src/store/jobs.js';
import { fileObject, sendError, sendJson, startFakeApi, type FakeApi } from '../api/fake-api.js';
import { chatLines } from './fake-openai.js';

// Step 2 of a rescue: the job's two files kept, downloaded while the provider has them
// (https://platform.openai.com/docs/api-reference/files/retrieve-contents), else the user's copies,
// checked against the best thing known: this tool's manifest, else the job's steps
// (https://platform.openai.com/docs/api-reference/fine-tuning/list-events: metrics carry total_steps).
const TRAIN = chatLines(0, 60);
const VALID = chatLines(1000, 10);
let api: FakeApi;
let client: OpenAI;
let dir: string;
let n = 0;
const fresh = () => join(dir, `case-${++n}`);

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ft-keep-job-'));
  const contents: Record<string, string> = { 'file-t': TRAIN, 'file-v': VALID };
  api = await startFakeApi((request, res) => {
    const path = request.url.pathname;
    if (path === '/v1/fine_tuning/jobs/ftjob-k/events') {
      return sendJson(res, 200, {
        object: 'list',
        has_more: false,
        data: [
          {
            object: 'fine_tuning.job.event',
            id: 'ev-1',
            created_at: 1,
            level: 'info',
            message: 'Step 180/180',
            type: 'metrics',
            data: { step: 180, total_steps: 180 },
          },
        ],
      });
    }
    const file = /^\/v1\/files\/([^/]+)(\/content)?$/.exec(path);
    const content = contents[file?.[1] ?? ''];
    if (!file || content === undefined) return sendError(res, 404, `No such File object: ${path}`);
    if (file[2]) {
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      return void res.end(content);
    }
    return sendJson(res, 200, fileObject(file[1] ?? '', 'x.jsonl', Buffer.byteLength(content)));
  });
  client = new OpenAI({ apiKey: 'sk-test-keep', baseURL: `${api.origin}/v1`, maxRetries: 0 });
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const status = (id: string, available: boolean, bytes: number | null = null) => ({
  id,
  available,
  bytes,
  filename: null,
});

function jobOf(fields: Partial<SourceJob> = {}): SourceJob {
  return {
    id: 'ftjob-k',
    base: 'gpt-4o-mini-2024-07-18',
    suffix: null,
    method: 'supervised',
    hyperparameters: { nEpochs: 3, batchSize: 1, learningRate: 1.8, beta: null },
    seed: null,
    trainedTokens: null,
    createdAt: 0,
    finishedAt: null,
    trainingFile: status('file-t', true, Buffer.byteLength(TRAIN)),
    validationFile: status('file-v', true, Buffer.byteLength(VALID)),
    ...fields,
  };
}

const itemOf = (job: SourceJob | null): InventoryItem => ({
  model: 'ft:gpt-4o-mini-2024-07-18:acme:k:1',
  base: 'gpt-4o-mini-2024-07-18',
  created: 0,
  shutdownDate: null,
  daysLeft: null,
  job,
});

async function copyOf(text: string, name: string): Promise<string> {
  await mkdir(join(dir, 'mine'), { recursive: true });
  const path = join(dir, 'mine', name);
  await writeFile(path, text);
  return path;
}

const home = (name: string) => ({ FINE_TUNE_HOME: join(dir, name) });

describe("keeping a job's data", () => {
  it('downloads both files while the provider has them', async () => {
    const folder = fresh();
    const { kept, needs } = await keepJobData({ client, item: itemOf(jobOf()), folder, env: home('h1') });
    expect(needs).toEqual([]);
    expect(kept.training).toMatchObject({ origin: 'downloaded', fileId: 'file-t', examples: 60 });
    expect(kept.validation).toMatchObject({ origin: 'downloaded', fileId: 'file-v', examples: 10 });
    expect(await readFile(join(folder, 'training.jsonl'), 'utf8')).toBe(TRAIN);
    expect(await readFile(join(folder, 'validation.jsonl'), 'utf8')).toBe(VALID);
  });

  it('takes the user’s copy over a download when one is given, checked against the job’s steps', async () => {
    const folder = fresh();
    const mine = await copyOf(TRAIN, 'train.jsonl');
    const { kept } = await keepJobData({
      client,
      item: itemOf(jobOf({ validationFile: null })),
      folder,
      local: { training: mine },
      env: home('h2'),
    });
    expect(kept.training).toMatchObject({ origin: 'local', fileId: 'file-t', examples: 60 });
    expect(kept.validation).toBeUndefined();
  });

  it('keeps a validation file the user gives for a job that trained without one', async () => {
    const folder = fresh();
    const mine = await copyOf(VALID, 'extra-valid.jsonl');
    const { kept, needs } = await keepJobData({
      client,
      item: itemOf(jobOf({ validationFile: null })),
      folder,
      local: { validation: mine },
      env: home('h2b'),
    });
    expect(needs).toEqual([]);
    expect(kept.training).toMatchObject({ origin: 'downloaded', fileId: 'file-t' });
    expect(kept.validation).toMatchObject({ origin: 'local', fileId: null, examples: 10 });
    expect(await readFile(join(folder, 'validation.jsonl'), 'utf8')).toBe(VALID);
  });

  it('asks for a gone file, saying what a copy must match (60 examples from 180 steps over 3 epochs)', async () => {
    const job = jobOf({ trainingFile: status('file-t', false), validationFile: status('file-v', false) });
    const { kept, needs } = await keepJobData({
      client,
      item: itemOf(job),
      folder: fresh(),
      env: home('h3'),
    });
    expect(kept).toEqual({});
    expect(needs).toEqual([
      {
        role: 'training',
        fileId: 'file-t',
        check: { kind: 'range', min: 60, max: 60, why: '60 steps per epoch of batch size 1' },
        suggestion: null,
      },
      {
        role: 'validation',
        fileId: 'file-v',
        check: { kind: 'unknown', why: 'a job does not say how many validation examples it had' },
        suggestion: null,
      },
    ]);
  });

  it('refuses a copy of a gone file that does not match, and keeps one that does', async () => {
    const job = jobOf({ trainingFile: status('file-t', false), validationFile: null });
    const short = await copyOf(chatLines(0, 59), 'short.jsonl');
    await expect(
      keepJobData({
        client,
        item: itemOf(job),
        folder: fresh(),
        local: { training: short },
        env: home('h4'),
      }),
    ).rejects.toThrow(`${short} is not the job's training file: it has 59 examples where the job had 60`);
    const right = await copyOf(TRAIN, 'right.jsonl');
    const { kept, needs } = await keepJobData({
      client,
      item: itemOf(job),
      folder: fresh(),
      local: { training: right },
      env: home('h4'),
    });
    expect(needs).toEqual([]);
    expect(kept.training).toMatchObject({ origin: 'local', fileId: 'file-t', examples: 60 });
  });

  it('with no job, asks for the training file, or keeps the user’s files as they are', async () => {
    expect(await keepJobData({ client, item: itemOf(null), folder: fresh(), env: home('h5') })).toEqual({
      kept: {},
      needs: [
        { role: 'training', fileId: null, check: { kind: 'unknown', why: 'no job found' }, suggestion: null },
      ],
    });
    const training = await copyOf(chatLines(0, 5), 'any-train.jsonl');
    const validation = await copyOf(chatLines(5, 2), 'any-valid.jsonl');
    const onlyValidation = await keepJobData({
      client,
      item: itemOf(null),
      folder: fresh(),
      local: { validation },
      env: home('h5'),
    });
    expect(onlyValidation.needs.map((need) => need.role)).toEqual(['training']);
    expect(onlyValidation.kept.validation).toMatchObject({ origin: 'local', fileId: null, examples: 2 });
    const both = await keepJobData({
      client,
      item: itemOf(null),
      folder: fresh(),
      local: { training, validation },
      env: home('h5'),
    });
    expect(both.needs).toEqual([]);
    expect(both.kept.training).toMatchObject({
      role: 'training',
      origin: 'local',
      fileId: null,
      examples: 5,
    });
    expect(both.kept.validation).toMatchObject({
      role: 'validation',
      origin: 'local',
      fileId: null,
      examples: 2,
    });
    expect(both.kept.training?.path.endsWith('training.jsonl')).toBe(true);
    expect(both.kept.validation?.path.endsWith('validation.jsonl')).toBe(true);
  });
});

describe('what a copy must match', () => {
  it("holds a job this tool created to its manifest's exact count and hash, offering the recorded paths", async () => {
    const env = home('h-manifest');
    const trainPath = await copyOf(TRAIN, 'made-here-train.jsonl');
    const validPath = await copyOf(VALID, 'made-here-valid.jsonl');
    const train = await factsOf(trainPath);
    const valid = await factsOf(validPath);
    await saveJobRecord(
      {
        id: 'ftjob-k',
        provider: 'openai',
        baseURL: 'https://api.openai.com/v1',
        trainingFile: { id: 'file-t', path: trainPath },
        validationFile: { id: 'file-v', path: validPath },
        model: 'gpt-4o-mini-2024-07-18',
        suffix: null,
        dataFormat: 'chat',
        separator: null,
        stop: null,
        systemPrompt: null,
        createdAt: 1,
      },
      env,
    );
    const job = jobOf();
    // keepJobData reads the records of the home it is given: the need offers the recorded path.
    const gone = jobOf({ trainingFile: status('file-t', false), validationFile: null });
    const { needs } = await keepJobData({ client, item: itemOf(gone), folder: fresh(), env });
    expect(needs.map((need) => need.suggestion)).toEqual([trainPath]);
    // A record without its manifest: the job's steps, with the recorded path offered.
    expect(await checkFor(client, job, 'training', env)).toEqual({
      check: { kind: 'range', min: 60, max: 60, why: '60 steps per epoch of batch size 1' },
      suggestion: trainPath,
    });
    const entry = (facts: typeof train, path: string) => ({
      path,
      sha256: facts.sha256,
      examples: facts.examples,
      bytes: facts.bytes,
      fileId: null,
    });
    await writeManifest(manifestPathFor(trainPath, 'ftjob-k'), {
      manifest: 1,
      createdBy: 'test',
      provider: 'openai',
      baseURL: 'https://api.openai.com/v1',
      model: 'gpt-4o-mini-2024-07-18',
      method: 'supervised',
      suffix: null,
      seed: null,
      hyperparameters: {
        requested: { nEpochs: 3, batchSize: 1, learningRate: 1.8, beta: null, earlyStop: null },
        resolved: null,
      },
      data: {
        format: 'chat',
        separator: null,
        stop: null,
        systemPrompt: null,
        training: entry(train, trainPath),
        validation: null,
      },
      job: { id: 'ftjob-k', status: 'succeeded', createdAt: '2026-01-01T00:00:00.000Z', finishedAt: null },
      result: null,
      notes: [],
    });
    expect(await checkFor(client, job, 'training', env)).toEqual({
      check: { kind: 'exact', examples: 60, sha256: train.sha256, why: 'from the job’s manifest' },
      suggestion: trainPath,
    });
    // The manifest has no validation entry: validation falls back, offering its recorded path.
    expect(await checkFor(client, job, 'validation', env)).toEqual({
      check: { kind: 'unknown', why: 'a job does not say how many validation examples it had' },
      suggestion: validPath,
    });
    const withValidation = join(dir, 'mine', 'made-here-train.ftjob-k.manifest.json');
    const manifest = JSON.parse(await readFile(withValidation, 'utf8')) as { data: Record<string, unknown> };
    manifest.data.validation = entry(valid, validPath);
    await writeFile(withValidation, JSON.stringify(manifest));
    expect((await checkFor(client, job, 'validation', env)).check).toEqual({
      kind: 'exact',
      examples: 10,
      sha256: valid.sha256,
      why: 'from the job’s manifest',
    });
  });
});

describe('the rescue step that keeps the data', () => {
  it('notes each kept file in rescue.json, relative to the folder, and keeps what it already had', async () => {
    const folder = fresh();
    const source = { client, provider: 'openai' } as unknown as Connection;
    const ctx = { source, seams: defaultSeams('2026-12-07'), folder, env: home('h-step') };
    const start = newState('ft:gpt-4o-mini-2024-07-18:acme:k:1', 'openai');
    const first = await stepKeepData(ctx, start, itemOf(jobOf({ validationFile: null })));
    expect(first.state.data.training).toMatchObject({ path: 'training.jsonl', origin: 'downloaded' });
    expect(first.state.data.validation).toBeNull();
    const saved = JSON.parse(await readFile(join(folder, 'rescue.json'), 'utf8')) as typeof first.state;
    expect(saved.data).toEqual(first.state.data);
    // Again with the validation file only: the training record stays as it was.
    const job = jobOf({ trainingFile: status('file-t', false) });
    const second = await stepKeepData(ctx, first.state, itemOf(job));
    expect(second.result.needs.map((need) => need.role)).toEqual(['training']);
    expect(second.state.data.training).toEqual(first.state.data.training);
    expect(second.state.data.validation).toMatchObject({ path: 'validation.jsonl', examples: 10 });
  });
});
