import OpenAI from 'openai';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from '../../src/api/connect.js';
import { toAppError } from '../../src/api/errors.js';
import { createJob, getJob } from '../../src/api/jobs.js';
import { uploadFile } from '../../src/api/uploads.js';
import { UserError } from '../../src/core/errors.js';
import { readLocalServerRecord } from '../../src/store/local-server-record.js';
import { startTestServer, type TestServer } from './local-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer();
});
afterAll(() => t.close());

describe('connecting to a provider', () => {
  it('starts the background local server on 127.0.0.1 once per data directory, and leaves it running', async () => {
    const home = await mkdtemp(join(tmpdir(), 'ft-home-'));
    try {
      const connection = await connect({ env: { FINE_TUNE_HOME: home } });
      expect(connection.provider).toBe('local');
      expect(connection.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      const ids: string[] = [];
      for await (const model of connection.client.models.list()) ids.push(model.id);
      expect(ids).toContain('local-small');
      const record = readLocalServerRecord(join(home, 'local'));
      expect(record?.background).toBe(true);
      expect(JSON.stringify({ ...connection, client: undefined })).not.toContain(record?.apiKey);
      // The next connection finds the same server instead of starting another.
      const again = await connect({ env: { FINE_TUNE_HOME: home } });
      expect(again.baseURL).toBe(connection.baseURL);
      // Closing a connection leaves the server (and its jobs) running.
      await connection.close();
      await again.close();
      expect((await again.client.models.list({ maxRetries: 0 })).data.length).toBeGreaterThan(0);
      process.kill(record?.pid ?? 0, 'SIGKILL');
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });

  it('runs the local server in this process on a given data directory, one at a time', async () => {
    const dataDir = await mkdtemp(join(tmpdir(), 'ft-data-'));
    try {
      const connection = await connect({ env: {}, local: { dataDir, stepDelayMs: 0 } });
      expect(connection.baseURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v1$/);
      expect(JSON.stringify({ ...connection, client: undefined })).not.toMatch(/ftl-/);
      // A second server on the same data is refused in plain words.
      await expect(connect({ env: {}, local: { dataDir } })).rejects.toThrow(/fine-tune serve --stop/);
      await connection.close();
      await expect(connection.client.models.list({ maxRetries: 0 })).rejects.toThrow();
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });

  it('reaches a running server through --base-url with FINE_TUNE_LOCAL_API_KEY', async () => {
    const connection = await connect({
      provider: 'local',
      baseUrl: t.server.baseURL,
      env: { FINE_TUNE_LOCAL_API_KEY: t.server.apiKey },
    });
    const page = await connection.client.models.list();
    expect(page.data.length).toBeGreaterThan(0);
    expect(connection.scrub(`key ${t.server.apiKey}`)).toBe('key [redacted]');
  });

  it('builds OpenAI and Azure clients from the environment, naming what is missing', async () => {
    const openai = await connect({
      env: { OPENAI_API_KEY: 'sk-test-0123456789', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' },
    });
    expect(openai.provider).toBe('openai');
    expect(openai.baseURL).toBe('http://127.0.0.1:9/v1');
    await expect(connect({ provider: 'openai', env: {} })).rejects.toThrow(/OPENAI_API_KEY/);
    await expect(
      connect({ provider: 'azure', env: { AZURE_OPENAI_API_KEY: 'k', OPENAI_API_VERSION: 'v' } }),
    ).rejects.toThrow(UserError);
    const azure = await connect({
      provider: 'azure',
      env: {
        AZURE_OPENAI_API_KEY: 'k',
        OPENAI_API_VERSION: '2025-04-01-preview',
        AZURE_OPENAI_ENDPOINT: 'https://example.invalid',
      },
    });
    expect(azure.baseURL).toBe('https://example.invalid/openai');
  });
});

describe('error mapping against the local server', () => {
  it('says the key was rejected (401) without repeating the key', async () => {
    const wrongKey = 'ftl-wrong-key-abcdefghijklmnop';
    const client = new OpenAI({ apiKey: wrongKey, baseURL: t.server.baseURL, maxRetries: 0 });
    const error = await client.models.list().then(
      () => null,
      (e: unknown) => e,
    );
    const app = toAppError(error);
    expect(app.kind).toBe('auth');
    expect(`${app.message} ${app.hint}`).not.toContain(wrongKey);
  });

  it('says a job does not exist (404)', async () => {
    const error = await getJob(t.client(), 'ftjob-doesnotexist').catch((e: unknown) => e);
    expect(toAppError(error, 'job')).toMatchObject({ kind: 'not-found', status: 404 });
  });

  it('passes on the API message and field for a bad suffix (400)', async () => {
    const client = t.client();
    const file = await uploadFile(client, await t.trainingFile(12));
    const error = await createJob(client, {
      model: 'local-small',
      trainingFile: file.id,
      suffix: 'no spaces allowed!',
    }).catch((e: unknown) => e);
    const app = toAppError(error, 'create-job');
    expect(app).toMatchObject({ kind: 'invalid', status: 400, param: 'suffix' });
    expect(app.message).toMatch(/suffix/);
  });
});
