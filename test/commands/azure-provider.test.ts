import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  fileObject,
  jobObject,
  sendChatStream,
  sendError,
  sendJson,
  startFakeApi,
  type FakeApi,
  type Handler,
} from '../api/fake-api.js';
import { makeCliHome, type CliHome } from './cli-env.js';

// Azure keys are 32 hex digits: nothing like `sk-…`, so only the connection's own scrub can hide one.
const KEY = 'c0ffee00c0ffee00c0ffee00c0ffee00';
const VERSION = '2025-04-01-preview';
const FT_MODEL = 'gpt-4o-mini-2024-07-18.ft-0123456789abcdef';

const events = [
  { message: 'Job enqueued', created_at: 1_760_000_001 },
  { message: 'Training started', created_at: 1_760_000_002 },
  { message: 'Job succeeded', created_at: 1_760_000_003 },
].map((e, i) => ({
  id: `ftevent-${i}`,
  object: 'fine_tuning.job.event',
  level: 'info',
  type: 'message',
  ...e,
}));

/** Answers like Azure OpenAI: everything under `/openai`, the deployments path for inference. */
const azure: Handler = (req, res) => {
  const route = `${req.method} ${req.url.pathname}`;
  switch (route) {
    case 'GET /openai/models':
      return sendJson(res, 200, {
        object: 'list',
        data: [
          { id: 'gpt-4o-mini-2024-07-18', object: 'model', created: 1_721_000_000, owned_by: 'system' },
          { id: 'text-embedding-3-small', object: 'model', created: 1_705_000_000, owned_by: 'system' },
          { id: FT_MODEL, object: 'model', created: 1_760_000_003, owned_by: 'organization-owner' },
        ],
      });
    case 'POST /openai/files':
      return sendJson(res, 200, fileObject('file-train1', 'train.jsonl', req.body.length));
    case 'POST /openai/fine_tuning/jobs':
      return sendJson(res, 201, jobObject({ status: 'pending' }));
    case 'GET /openai/fine_tuning/jobs':
      return sendJson(res, 200, { object: 'list', data: [jobObject()], has_more: false });
    case 'GET /openai/fine_tuning/jobs/ftjob-fake1':
      return sendJson(
        res,
        200,
        jobObject({ status: 'succeeded', fine_tuned_model: FT_MODEL, finished_at: 1_760_000_003 }),
      );
    case 'GET /openai/fine_tuning/jobs/ftjob-fake1/events':
      return sendJson(res, 200, { object: 'list', data: [...events].reverse(), has_more: false });
    case 'GET /openai/fine_tuning/jobs/ftjob-fake1/checkpoints':
      return sendJson(res, 200, { object: 'list', data: [], has_more: false });
    case 'POST /openai/deployments/my-ft-deployment/chat/completions':
      return sendChatStream(res, FT_MODEL, 'billing');
    default:
      return sendError(res, 404, `no route ${route}`);
  }
};

let api: FakeApi;
let cli: CliHome;
beforeAll(async () => {
  api = await startFakeApi(azure);
  cli = await makeCliHome({
    FINE_TUNE_PROVIDER: 'azure',
    AZURE_OPENAI_ENDPOINT: `${api.origin}/`,
    AZURE_OPENAI_API_KEY: KEY,
    OPENAI_API_VERSION: VERSION,
    // An OpenAI base URL left in the environment must not pull Azure requests elsewhere.
    OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    OPENAI_ORG_ID: 'org-not-for-azure',
    FINE_TUNE_MAX_RETRIES: '0',
  });
});
beforeEach(() => {
  api.setHandler(azure);
  api.requests.length = 0;
});
afterAll(async () => {
  await cli.cleanup();
  await api.close();
});

/** What Azure requires of every request: its key header, no bearer token, the api-version query. */
function expectAzureRequests(): void {
  expect(api.requests.length).toBeGreaterThan(0);
  for (const req of api.requests) {
    expect(req.headers['api-key'], req.url.pathname).toBe(KEY);
    expect(req.headers.authorization).toBeUndefined();
    expect(req.headers['openai-organization']).toBeUndefined();
    expect(req.url.searchParams.get('api-version')).toBe(VERSION);
    expect(req.url.pathname.startsWith('/openai/')).toBe(true);
  }
}

describe('the azure provider over HTTP', () => {
  it('lists models through /openai/models with the api-key header and api-version', async () => {
    const result = await cli.run(['models', 'list', '--json']);
    expect(result.code, result.stderr).toBe(0);
    const models = JSON.parse(result.stdout) as Array<{ id: string; kind: string; formats: string[] }>;
    // Azure's own fine-tune naming (`{base}.ft-{hex}`) is listed as a fine-tune of its base.
    expect(models.map(({ id, kind, formats }) => ({ id, kind, formats }))).toEqual([
      { id: 'gpt-4o-mini-2024-07-18', kind: 'base', formats: ['chat', 'preference'] },
      { id: FT_MODEL, kind: 'fine-tuned', formats: ['chat', 'preference'] },
    ]);
    expectAzureRequests();
    expect(api.requests.map((r) => `${r.method} ${r.url.pathname}`)).toEqual(['GET /openai/models']);
  });

  it('uploads, creates, follows and lists a job, recording provider azure and no key', async () => {
    const train = await cli.trainingFile(12);
    const created = await cli.run(['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow']);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toBe('ftjob-fake1\n');
    expect(created.stderr).toMatch(/Created job ftjob-fake1 \(pending\)/);
    const upload = api.requests.find((r) => r.url.pathname === '/openai/files');
    expect(upload?.headers['content-type']).toMatch(/^multipart\/form-data/);
    expect(upload?.body).toMatch(/name="purpose"\r\n\r\nfine-tune/);
    const create = api.requests.find((r) => r.url.pathname === '/openai/fine_tuning/jobs');
    expect(JSON.parse(create?.body ?? '{}')).toMatchObject({
      model: 'gpt-4o-mini-2024-07-18',
      training_file: 'file-train1',
    });

    const recordText = await readFile(join(cli.home, 'jobs', 'ftjob-fake1.json'), 'utf8');
    expect(JSON.parse(recordText)).toMatchObject({ provider: 'azure', baseURL: `${api.origin}/openai` });
    expect(recordText).not.toContain(KEY);

    // Without a provider setting, the job's record keeps `follow` on Azure despite an OpenAI key.
    const followed = await cli.run(['follow', 'ftjob-fake1'], {
      FINE_TUNE_PROVIDER: '',
      OPENAI_API_KEY: 'sk-test-unused-0123456789',
    });
    expect(followed.code, followed.stderr).toBe(0);
    expect(
      followed.stdout
        .trim()
        .split('\n')
        .map((l) => l.replace(/^\[[^\]]+\] /, '')),
    ).toEqual(['Job enqueued', 'Training started', 'Job succeeded']);
    expect(followed.stderr).toMatch(`Job ftjob-fake1 succeeded: ${FT_MODEL}`);

    const listed = await cli.run(['jobs', 'list', '--json']);
    expect(listed.code, listed.stderr).toBe(0);
    expect((JSON.parse(listed.stdout) as Array<{ id: string }>).map((j) => j.id)).toEqual(['ftjob-fake1']);
    const got = await cli.run(['jobs', 'get', 'ftjob-fake1']);
    expect(got.stdout).toMatch(new RegExp(`fine-tuned model: ${FT_MODEL.replace(/\./g, '\\.')}`));

    expectAzureRequests();
    const paths = new Set(api.requests.map((r) => `${r.method} ${r.url.pathname}`));
    expect([...paths]).toEqual(
      expect.arrayContaining([
        'POST /openai/files',
        'POST /openai/fine_tuning/jobs',
        'GET /openai/fine_tuning/jobs/ftjob-fake1',
        'GET /openai/fine_tuning/jobs/ftjob-fake1/events',
        'GET /openai/fine_tuning/jobs',
      ]),
    );
    expect(await readdir(join(cli.home, 'jobs'))).toEqual(['ftjob-fake1.json']);
  });

  it('sends a completion to the deployment named as the model', async () => {
    const result = await cli.run([
      'complete',
      '-m',
      'my-ft-deployment',
      '--chat',
      '-p',
      'My card was charged',
    ]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('billing\n');
    expectAzureRequests();
    const [req] = api.requests;
    expect(req?.url.pathname).toBe('/openai/deployments/my-ft-deployment/chat/completions');
    expect(JSON.parse(req?.body ?? '{}')).toMatchObject({ model: 'my-ft-deployment', stream: true });
  });

  it('says a rejected job plainly and never shows the Azure key, even when echoed', async () => {
    api.setHandler((req, res) =>
      req.url.pathname === '/openai/fine_tuning/jobs'
        ? sendError(res, 403, `Fine-tuning is not enabled for the resource of key ${KEY}.`)
        : azure(req, res),
    );
    const train = await cli.trainingFile(12);
    const result = await cli.run(['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^error: Fine-tuning is not available .*\[redacted\]/m);
    expect(`${result.stdout}${result.stderr}`).not.toContain(KEY);
  });
});
