import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connect, type Connection } from '../../src/api/connect.js';
import { streamText } from '../../src/api/completions.js';
import { ExplainedError } from '../../src/api/errors.js';
import { followJob } from '../../src/api/follow.js';
import { cancelJob, getJob, listJobs, pauseJob } from '../../src/api/jobs.js';
import { listModels } from '../../src/api/models.js';
import { startJob } from '../../src/api/start-job.js';
import { sendApiError } from './fake-providers.js';
import {
  AZURE_TUNED,
  KEYS,
  NEBIUS_BASE,
  startSims,
  TOGETHER_TUNED,
  type Remote,
  type Sims,
} from './provider-sims.js';

let sims: Sims;
let home: string;
let train: string;
let valid: string;
beforeAll(async () => {
  sims = await startSims();
  home = await mkdtemp(join(tmpdir(), 'ft-providers-'));
  const line = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `ticket ${i}` },
        { role: 'assistant', content: i % 2 ? 'billing' : 'sports' },
      ],
    });
  train = join(home, 'train.jsonl');
  valid = join(home, 'valid.jsonl');
  await writeFile(train, `${Array.from({ length: 12 }, (_, i) => line(i)).join('\n')}\n`);
  await writeFile(valid, `${line(100)}\n${line(101)}\n`);
});
beforeEach(() => {
  sims.fault = null;
  sims.api.requests.length = 0;
});
afterAll(async () => {
  await sims.close();
  await rm(home, { recursive: true, force: true });
});

const open = (provider: Remote, more: NodeJS.ProcessEnv = {}) =>
  connect({ env: { ...sims.env(provider), ...more } });

/** Every request carried the key only in this provider's header, and no other provider's key. */
function expectKeyOnlyInItsHeader(provider: Remote): void {
  const seen = sims.seen(provider);
  expect(seen.length).toBeGreaterThan(0);
  for (const req of seen) {
    if (provider === 'azure') {
      // Azure's v1 surface: the `api-key` header, no bearer token, no api-version.
      expect(req.headers['api-key'], req.path).toBe(KEYS.azure);
      expect(req.headers.authorization).toBeUndefined();
      expect(req.url.searchParams.has('api-version')).toBe(false);
    } else {
      expect(req.headers.authorization, req.path).toBe(`Bearer ${KEYS[provider]}`);
      expect(req.headers['api-key']).toBeUndefined();
    }
    expect(req.headers['openai-organization']).toBeUndefined();
    expect(req.url.search).not.toContain(KEYS[provider]);
  }
}

/** Upload, create, follow to the end (small event pages), list and read back: the whole flow. */
async function runFlow(connection: Connection, model: string, options: Record<string, string> = {}) {
  const progress: number[] = [];
  const { job, record } = await startJob(
    connection,
    {
      model,
      trainingPath: train,
      validationPath: valid,
      suffix: 'topics',
      hyperparameters: {
        nEpochs: 2,
        learningRate: connection.profile.hyperparameters.acceptsAuto ? 'auto' : 0.00002,
      },
      options,
      dataFormat: 'chat',
    },
    { env: { FINE_TUNE_HOME: home }, onProgress: (p) => progress.push(p.sentBytes) },
  );
  const events: string[] = [];
  const followed = await followJob(connection.client, job.id, {
    pollMs: 1,
    pageSize: 2,
    backoffBaseMs: 1,
    checkpoints: connection.profile.supports.checkpoints,
    explain: connection.explain,
    onEvent: (event) => events.push(event.message),
  });
  const recordText = await readFile(join(home, 'jobs', `${job.id}.json`), 'utf8');
  return { job, record, recordText, progress, events, followed };
}

const create = (provider: Remote) =>
  sims.seen(provider).find((r) => r.method === 'POST' && /jobs$|fine-tunes$/.test(r.path));

describe('each provider over HTTP, as its reference describes it', () => {
  it('azure: the v1 surface with the training type in the body, its model list and names', async () => {
    const connection = await open('azure');
    expect(connection.baseURL).toBe(`${sims.api.origin}/azure/openai/v1/`);
    const models = await listModels(connection.client, { profile: connection.profile, today: '2026-12-07' });
    expect(models.map(({ id, kind, fineTunable, base }) => ({ id, kind, fineTunable, base }))).toEqual([
      { id: 'gpt-4.1-2025-04-14', kind: 'base', fineTunable: true, base: 'gpt-4.1-2025-04-14' },
      { id: AZURE_TUNED, kind: 'fine-tuned', fineTunable: true, base: 'gpt-4.1-2025-04-14' },
      { id: 'gpt-4o-2024-08-06', kind: 'base', fineTunable: false, base: 'gpt-4o-2024-08-06' },
    ]);
    // Azure's own `deprecation` fields win over the dated table.
    expect(models[0]).toMatchObject({
      trainingEnds: { date: '2027-04-14', source: 'api' },
      answeringEnds: { date: '2027-10-14' },
    });
    const flow = await runFlow(connection, 'gpt-4.1-2025-04-14', { trainingType: 'Developer' });
    expect(JSON.parse(create('azure')?.body ?? '{}')).toMatchObject({
      model: 'gpt-4.1-2025-04-14',
      suffix: 'topics',
      trainingType: 'Developer',
      method: {
        type: 'supervised',
        supervised: { hyperparameters: { n_epochs: 2, learning_rate_multiplier: 'auto' } },
      },
    });
    expect(flow.followed.job).toMatchObject({ status: 'succeeded', fine_tuned_model: AZURE_TUNED });
    expect(flow.followed.checkpoints.map((c) => c.step_number)).toEqual([1]);
    expect(flow.events).toEqual([
      'Validating training file',
      'Fine-tuning job started',
      'Step 1/2: training loss=1.20',
      'Checkpoint created at step 1',
      'Step 2/2: training loss=0.60',
      'The job has successfully completed',
    ]);
    expect(flow.progress.at(-1)).toBeGreaterThan(0);
    expect(flow.record).toMatchObject({ provider: 'azure', baseURL: `${sims.api.origin}/azure/openai/v1/` });
    expect(flow.recordText).not.toContain(KEYS.azure);
    // Pause and resume exist on Azure.
    expect((await pauseJob(connection.client, flow.job.id)).status).toBe('paused');
    // The tuned model answers on the v1 chat route, named in the body.
    let reply = '';
    for await (const chunk of streamText(connection.client, {
      endpoint: 'chat',
      model: AZURE_TUNED,
      messages: [{ role: 'user', content: 'hi' }],
    }))
      if (chunk.type === 'delta') reply += chunk.text;
    expect(reply).toBe('sports');
    const paths = new Set(sims.seen('azure').map((r) => `${r.method} ${r.path}`));
    for (const path of [
      'GET models',
      'POST files',
      'POST fine_tuning/jobs',
      `GET fine_tuning/jobs/${flow.job.id}/events`,
      `GET fine_tuning/jobs/${flow.job.id}/checkpoints`,
      'POST chat/completions',
    ]) {
      expect(paths).toContain(path);
    }
    expectKeyOnlyInItsHeader('azure');
  });

  it('nebius: an absolute learning rate, LoRA, no `auto`, and no tuned name until a deployment', async () => {
    const connection = await open('nebius');
    const models = await listModels(connection.client, { profile: connection.profile });
    expect(models.map(({ id, kind, formats }) => ({ id, kind, formats }))).toEqual([
      { id: NEBIUS_BASE, kind: 'base', formats: ['chat', 'prompt-completion'] },
      { id: `${NEBIUS_BASE}-LoRa:topics-ab12`, kind: 'fine-tuned', formats: ['chat', 'prompt-completion'] },
    ]);
    const flow = await runFlow(connection, NEBIUS_BASE, { lora: 'LoRA' });
    const body = JSON.parse(create('nebius')?.body ?? '{}') as {
      method: { supervised: { hyperparameters: object } };
    };
    expect(body.method.supervised.hyperparameters).toEqual({
      n_epochs: 2,
      learning_rate: 0.00002,
      lora: true,
    });
    expect(flow.followed.job).toMatchObject({ status: 'succeeded', fine_tuned_model: null });
    expect(connection.profile.servingNote).toMatch(/deployed as a custom model/);
    // Pause is not Nebius's: the row says so before any request.
    expect(connection.profile.supports.pauseResume).toBe(false);
    expectKeyOnlyInItsHeader('nebius');
  });

  it("together: its own endpoints behind the adapter, every answer in OpenAI's shape", async () => {
    const connection = await open('together');
    const models = await listModels(connection.client, { profile: connection.profile });
    expect(models.map(({ id, kind, base }) => ({ id, kind, base }))).toEqual([
      {
        id: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
        kind: 'base',
        base: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
      },
    ]);
    const flow = await runFlow(connection, 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference', {
      trainingType: 'LoRA',
    });
    const upload = sims.seen('together').find((r) => r.path === 'files/upload');
    expect(upload?.body).toMatch(/name="purpose"\r\n\r\nfine-tune/);
    expect(upload?.body).toMatch(/name="file_name"\r\n\r\ntrain\.jsonl/);
    expect(upload?.body).toMatch(/name="file_type"\r\n\r\njsonl/);
    expect(JSON.parse(create('together')?.body ?? '{}')).toEqual({
      model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
      training_file: expect.stringMatching(/^file-tg/),
      validation_file: expect.stringMatching(/^file-tg/),
      n_evals: 1,
      suffix: 'topics',
      n_epochs: 2,
      learning_rate: 0.00002,
      training_method: { method: 'sft', train_on_inputs: 'auto' },
      training_type: { type: 'Lora', lora_r: 8, lora_alpha: 16 },
    });
    expect(flow.followed.job).toMatchObject({ status: 'succeeded', fine_tuned_model: TOGETHER_TUNED });
    expect(flow.events).toEqual([
      'Fine tune request created',
      'Training started',
      'Step 1/2, loss: 1.25 (checkpoint created at step 1)',
      'Job finished at step 2',
    ]);
    expect(flow.followed.checkpoints.map((c) => c.step_number)).toEqual([1]);
    // Its finished fine-tune is now one of the user's models.
    const after = await listModels(connection.client, { profile: connection.profile });
    expect(after.find((m) => m.id === TOGETHER_TUNED)).toMatchObject({
      kind: 'fine-tuned',
      base: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference',
    });
    const page = await listJobs(connection.client, { limit: 1 });
    expect(page).toMatchObject({ hasMore: false, jobs: [{ id: flow.job.id, status: 'succeeded' }] });
    // Cancel goes to its cancel endpoint; pause has none and is refused in words, not a 404.
    const second = await startJob(
      connection,
      { model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference', trainingPath: train },
      { env: { FINE_TUNE_HOME: home } },
    );
    expect((await cancelJob(connection.client, second.job.id)).status).toBe('running');
    expect((await getJob(connection.client, second.job.id)).status).toBe('running');
    expect((await getJob(connection.client, second.job.id)).status).toBe('cancelled');
    const refused = await pauseJob(connection.client, second.job.id).catch((e: unknown) =>
      connection.explain(e, 'job'),
    );
    expect(refused).toMatchObject({
      kind: 'invalid',
      message: expect.stringMatching(/^Together AI cannot pause or resume a job/),
    });
    expect(new Set(sims.seen('together').map((r) => r.path.replace(/ft-sim\d+/, 'ID')))).toEqual(
      new Set([
        'models',
        'fine-tunes',
        'files/upload',
        'fine-tunes/ID',
        'fine-tunes/ID/events',
        'fine-tunes/ID/checkpoints',
        'fine-tunes/ID/cancel',
      ]),
    );
    expectKeyOnlyInItsHeader('together');
  });

  it('compatible: any base URL with FINE_TUNE_API_KEY, every listed model a possible base', async () => {
    const connection = await open('compatible');
    const models = await listModels(connection.client, { profile: connection.profile });
    expect(models.map(({ id, kind, fineTunable }) => ({ id, kind, fineTunable }))).toEqual([
      { id: 'tiny-base', kind: 'base', fineTunable: true },
    ]);
    const flow = await runFlow(connection, 'tiny-base');
    expect(flow.followed.job).toMatchObject({
      status: 'succeeded',
      fine_tuned_model: 'ft:tiny-base:sim::sim1',
    });
    expect(flow.record).toMatchObject({ provider: 'compatible', baseURL: `${sims.api.origin}/compat/v1` });
    expectKeyOnlyInItsHeader('compatible');
  });

  it('says which variable each row misses, and refuses a file too small for the row before uploading', async () => {
    await expect(connect({ env: { FINE_TUNE_PROVIDER: 'together' } })).rejects.toThrow(
      /^TOGETHER_API_KEY is not set/,
    );
    await expect(
      connect({ env: { FINE_TUNE_PROVIDER: 'azure', AZURE_OPENAI_API_KEY: 'k' } }),
    ).rejects.toThrow(
      /^AZURE_OPENAI_ENDPOINT or --base-url is not set .*https:\/\/RESOURCE\.openai\.azure\.com\//,
    );
    await expect(
      connect({ env: { FINE_TUNE_PROVIDER: 'compatible', FINE_TUNE_API_KEY: 'k' } }),
    ).rejects.toThrow(/FINE_TUNE_BASE_URL/);
    const small = join(home, 'small.jsonl');
    await writeFile(small, `${(await readFile(train, 'utf8')).split('\n').slice(0, 9).join('\n')}\n`);
    const connection = await open('azure');
    await expect(startJob(connection, { model: 'gpt-4.1-2025-04-14', trainingPath: small })).rejects.toThrow(
      /small\.jsonl: Azure OpenAI needs at least 10 training examples; this data has 9\./,
    );
    expect(sims.seen('azure')).toEqual([]);
    // Ten examples are enough (the other side of the rule).
    await writeFile(small, `${(await readFile(train, 'utf8')).split('\n').slice(0, 10).join('\n')}\n`);
    await expect(
      startJob(
        connection,
        { model: 'gpt-4.1-2025-04-14', trainingPath: small },
        { env: { FINE_TUNE_HOME: home } },
      ),
    ).resolves.toBeTruthy();
  });
});

const REMOTES: readonly Remote[] = ['azure', 'nebius', 'together', 'compatible'];

describe.each(REMOTES)('%s errors, in plain words and without the key', (provider) => {
  const failing = async <T>(run: (c: Connection) => Promise<T>, more: NodeJS.ProcessEnv = {}) => {
    const connection = await open(provider, more);
    return run(connection).then(
      () => {
        throw new Error('expected a failure');
      },
      (error: unknown) =>
        error instanceof ExplainedError ? error.appError : connection.explain(error, 'job'),
    );
  };

  it('401: the key was rejected, naming the variable to check', async () => {
    sims.fault = (_req, res) => (
      sendApiError(res, 401, `Invalid API key: ${KEYS[provider]}`, 'invalid_api_key'),
      true
    );
    const app = await failing((c) => listModels(c.client));
    expect(app.kind).toBe('auth');
    expect(app.hint).toContain(
      provider === 'azure'
        ? 'AZURE_OPENAI_API_KEY'
        : provider === 'compatible'
          ? 'FINE_TUNE_API_KEY'
          : `${provider.toUpperCase()}_API_KEY`,
    );
    expect(JSON.stringify(app)).not.toContain(KEYS[provider]);
  });

  it('403 training_not_available: what happened, and which configured providers can train the data now', async () => {
    sims.fault = (req, res) =>
      /jobs$|fine-tunes$/.test(req.url.pathname) && req.method === 'POST'
        ? (sendApiError(
            res,
            403,
            `Fine-tuning is not available for key ${KEYS[provider]}.`,
            'training_not_available',
          ),
          true)
        : false;
    const other = provider === 'together' ? { NEBIUS_API_KEY: 'nb-other' } : { TOGETHER_API_KEY: 'tg-other' };
    const app = await failing(
      (c) =>
        startJob(
          c,
          { model: 'm', trainingPath: train, dataFormat: 'chat' },
          { env: { FINE_TUNE_HOME: home } },
        ),
      other,
    );
    expect(app.kind).toBe('not-available');
    expect(app.message).toMatch(
      /no longer lets this account create fine-tuning jobs \(training_not_available\)\.$/,
    );
    const [name, key] = Object.entries(other)[0] ?? [];
    expect(app.hint).toBe(
      `Configured here and able to train this data now: ${name?.split('_')[0]?.toLowerCase()} (${name}) or local (this machine); run the same command with --provider ${name?.split('_')[0]?.toLowerCase()}.`,
    );
    expect(JSON.stringify(app)).not.toContain(KEYS[provider]);
    expect(JSON.stringify(app)).not.toContain(key);
  });

  it('404: an unknown job is named as such, not a raw status', async () => {
    const app = await failing((c) => getJob(c.client, 'ftjob-nope'));
    expect(app).toMatchObject({ kind: 'not-found', status: 404 });
    expect(app.hint).toMatch(/fine-tune jobs list/);
  });

  it('429: waits as retry-after-ms asks and succeeds; when it persists, says how long to wait', async () => {
    let calls = 0;
    sims.fault = (_req, res) => {
      calls += 1;
      if (calls > 1) return false;
      sendApiError(res, 429, 'slow down', 'rate_limit_exceeded', { 'retry-after-ms': '10' });
      return true;
    };
    const connection = await open(provider, { FINE_TUNE_MAX_RETRIES: '1' });
    expect((await listModels(connection.client, { profile: connection.profile })).length).toBeGreaterThan(0);
    expect(calls).toBeGreaterThan(1);
    sims.fault = (_req, res) => (
      sendApiError(res, 429, 'slow down', 'rate_limit_exceeded', { 'retry-after': '7' }),
      true
    );
    const app = await failing((c) => listJobs(c.client));
    expect(app).toMatchObject({
      kind: 'rate-limited',
      retryable: true,
      hint: 'The API asks to wait 7 s; try again then.',
    });
  });

  it('500 and a dropped connection: temporary, worth another try', async () => {
    sims.fault = (_req, res) => (sendApiError(res, 500, 'boom'), true);
    expect(await failing((c) => listJobs(c.client))).toMatchObject({ kind: 'server', retryable: true });
    sims.fault = (_req, res) => (res.socket?.destroy(), true);
    expect(await failing((c) => listJobs(c.client))).toMatchObject({ kind: 'network', retryable: true });
  });
});

it('leaves no key in any record it writes', async () => {
  const names = await readdir(join(home, 'jobs'));
  expect(names.length).toBeGreaterThan(0);
  for (const name of names) {
    const text = await readFile(join(home, 'jobs', name), 'utf8');
    for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
  }
});
