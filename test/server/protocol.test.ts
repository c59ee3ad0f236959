import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, terminal, tinyData, uploadText, waitFor, type Harness } from './helpers.js';

describe('wire protocol', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await harness({ apiKey: 'sk-local-test-secret' });
  });
  afterAll(async () => h.close());

  const raw = (path: string, init: RequestInit = {}, key = 'sk-local-test-secret') =>
    fetch(`${h.server.baseURL}${path}`, {
      ...init,
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json', ...init.headers },
    });

  it('refuses a wrong key with 401 and never echoes it', async () => {
    const client = new OpenAI({ apiKey: 'sk-wrong-key-123', baseURL: h.server.baseURL, maxRetries: 0 });
    const error = await client.models.list().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.AuthenticationError);
    const body = (error as InstanceType<typeof OpenAI.AuthenticationError>).error;
    expect(body).toMatchObject({ type: 'invalid_request_error', code: 'invalid_api_key', param: null });
    expect(JSON.stringify(body)).not.toContain('sk-wrong-key-123');
    expect(JSON.stringify(body)).not.toContain('sk-local-test-secret');
  });

  it('refuses a request without a key', async () => {
    const response = await fetch(`${h.server.baseURL}/models`);
    expect(response.status).toBe(401);
    expect(((await response.json()) as { error: { message: string } }).error.message).toContain(
      "didn't provide an API key",
    );
  });

  it('answers an unknown path and a malformed JSON body like the API', async () => {
    const unknown = await raw('/nothing/here');
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toEqual({
      error: {
        message: 'Invalid URL (GET /v1/nothing/here)',
        type: 'invalid_request_error',
        param: null,
        code: null,
      },
    });
    const bad = await raw('/chat/completions', { method: 'POST', body: '{"model": ' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: { message: string } }).error.message).toContain(
      'could not parse the JSON body',
    );
  });

  it('ends a stream with data: [DONE]', async () => {
    const response = await raw('/chat/completions', {
      method: 'POST',
      body: JSON.stringify({
        model: 'local-small',
        messages: [{ role: 'user', content: 'hi' }],
        stream: true,
      }),
    });
    expect(response.headers.get('content-type')).toContain('text/event-stream');
    const text = await response.text();
    expect(text.trim().endsWith('data: [DONE]')).toBe(true);
    expect(
      text
        .split('\n\n')
        .filter(Boolean)
        .every((frame) => frame.startsWith('data: ')),
    ).toBe(true);
  });

  it('keeps the API key out of every state file', async () => {
    const training_file = await uploadText(h.client, tinyData(12));
    const job = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file });
    await waitFor(h.client, job.id, terminal);
    const files = readdirSync(h.dataDir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile());
    expect(files.length).toBeGreaterThan(5);
    for (const entry of files) {
      expect(readFileSync(join(entry.parentPath, entry.name), 'latin1')).not.toContain(
        'sk-local-test-secret',
      );
    }
  });

  it('refuses stream_options without stream', async () => {
    const response = await raw('/completions', {
      method: 'POST',
      body: JSON.stringify({ model: 'local-small', prompt: 'x', stream_options: { include_usage: true } }),
    });
    expect(response.status).toBe(400);
  });
});

describe('fault injection', () => {
  it('survives injected 429, 500 and dropped connections through the SDK retries without corrupting state', async () => {
    const h = await harness({ injectFaults: 0.2 });
    try {
      const client = new OpenAI({ apiKey: h.server.apiKey, baseURL: h.server.baseURL, maxRetries: 12 });
      const statuses = new Set<number | string>();
      const probe = new OpenAI({ apiKey: h.server.apiKey, baseURL: h.server.baseURL, maxRetries: 0 });
      for (let i = 0; i < 30; i++) {
        await probe.models.list().then(
          () => statuses.add(200),
          (e: unknown) => statuses.add(e instanceof OpenAI.APIError ? (e.status ?? 'dropped') : 'error'),
        );
      }
      expect(statuses.has(200)).toBe(true);
      expect([...statuses].some((s) => s !== 200)).toBe(true);

      const ids: string[] = [];
      for (let i = 0; i < 4; i++) ids.push(await uploadText(client, tinyData(12)));
      const listed = [];
      for await (const file of client.files.list()) listed.push(file.id);
      expect(listed.sort()).toEqual([...ids].sort());
      const job = await client.fineTuning.jobs.create({ model: 'local-small', training_file: ids[0] ?? '' });
      const done = await waitFor(client, job.id, terminal);
      expect(done.status).toBe('succeeded');
      const jobs = await client.fineTuning.jobs.list();
      expect(jobs.data).toHaveLength(1);
    } finally {
      await h.close();
    }
  });
});
