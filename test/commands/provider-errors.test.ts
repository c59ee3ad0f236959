import { randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import {
  fileObject,
  sendChatStream,
  sendError,
  sendJson,
  startFakeApi,
  type FakeApi,
  type Handler,
} from '../api/fake-api.js';
import { makeCliHome, type CliHome } from './cli-env.js';
import { saveJobRecord } from '../../src/store/jobs.js';

// A key the fake API echoes back in its error messages, as real APIs sometimes do.
const CANARY = `sk-canary-${randomBytes(12).toString('hex')}`;
const FT_MODEL = 'ft:gpt-4o-mini-2024-07-18:org-fake:topics:abc123';

let api: FakeApi;
let cli: CliHome;
beforeAll(async () => {
  api = await startFakeApi();
  cli = await makeCliHome({
    OPENAI_API_KEY: CANARY,
    OPENAI_BASE_URL: '',
    // One SDK retry: the retry path runs, and each failing command stays around a second.
    FINE_TUNE_MAX_RETRIES: '1',
  });
});
beforeEach(() => {
  api.requests.length = 0;
});
afterAll(async () => {
  await cli.cleanup();
  await api.close();
});

function run(args: readonly string[], handler: Handler): Promise<CliResult> {
  api.setHandler(handler);
  return cli.run(args, { OPENAI_BASE_URL: `${api.origin}/v1` });
}

/** One plain `error: …` line, exit 1, no stack trace, and the key nowhere. */
function expectOneErrorLine(result: CliResult, pattern: RegExp): void {
  expect(result.code, result.stderr).toBe(1);
  expect(result.stdout).toBe('');
  const lines = result.stderr.split('\n').filter((line) => line !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^error: /);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at |unexpected failure/);
  expectNoCanary(result);
}

function expectNoCanary(result: CliResult): void {
  expect(`${result.stdout}${result.stderr}`).not.toContain(CANARY);
  // The key did go out (as a bearer token): its absence above is the scrubbing, not an accident.
  expect(api.requests.at(-1)?.headers.authorization).toBe(`Bearer ${CANARY}`);
}

describe('provider errors through the real SDK, as commands print them', () => {
  it('says the key was rejected (401)', async () => {
    const result = await run(['models', 'list'], (_, res) =>
      sendError(res, 401, `Incorrect API key provided: ${CANARY}.`, { code: 'invalid_api_key' }),
    );
    expectOneErrorLine(result, /The API key was rejected by OpenAI\. Check OPENAI_API_KEY/);
    expect(api.requests).toHaveLength(1); // a rejected key is not retried
  });

  it('says fine-tuning is not available on a 403 at job creation, and where the data trains now', async () => {
    const train = await cli.trainingFile(12);
    const result = await run(
      ['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow'],
      (req, res) =>
        req.url.pathname === '/v1/files'
          ? sendJson(res, 200, fileObject('file-train1', 'train.jsonl', req.body.length))
          : sendError(res, 403, `Organization has no access to fine-tuning (key ${CANARY}).`),
    );
    expect(result.stderr).toMatch(/^Uploaded training file /);
    const lines = result.stderr.split('\n').filter((line) => line !== '' && !line.startsWith('Uploaded'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^error: Fine-tuning is not available to this account or for this model: Organization has no access to fine-tuning \(key \[redacted\]\)\. Configured here and able to train this data now: local \(this machine\); run the same command with --provider local\.$/,
    );
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expectNoCanary(result);
    // No job, so no record of one.
    await expect(readdir(join(cli.home, 'jobs'))).rejects.toThrow();
  });

  it('waits for a new model that answers 404 right after its job succeeded, then prints its reply', async () => {
    // The job that made it is recorded here, created with --no-follow (its record does not name the
    // model yet): only a model a job of ours made may still be warming up.
    await saveJobRecord(
      {
        id: 'ftjob-warm',
        provider: 'openai',
        baseURL: `${api.origin}/v1`,
        trainingFile: { id: 'file-train1', path: 'train.jsonl' },
        validationFile: null,
        model: 'gpt-4o-mini-2024-07-18',
        suffix: 'topics',
        dataFormat: 'chat',
        separator: null,
        stop: null,
        systemPrompt: null,
        createdAt: 1,
        fineTunedModel: null,
      },
      { FINE_TUNE_HOME: cli.home },
    );
    let calls = 0;
    const result = await run(['complete', '-m', FT_MODEL, '--chat', '-p', 'referee stadium'], (req, res) =>
      ++calls === 1
        ? sendError(res, 404, `The model '${FT_MODEL}' does not exist (key ${CANARY})`, {
            code: 'model_not_found',
          })
        : sendChatStream(res, FT_MODEL, 'sports'),
    );
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe('sports\n');
    expect(result.stderr).toBe('model not ready yet (404): retrying in 3s (1/7)\n');
    expect(api.requests.map((r) => r.url.pathname)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    expectNoCanary(result);
  });

  it('says at once that a fine-tuned model no job here made does not exist, with the nearest ids', async () => {
    // A suffix no job here had (a pending job's base and suffix could be a model still warming up).
    const typo = FT_MODEL.replace(':topics:', ':topicz:');
    const result = await run(['complete', '-m', typo, '--chat', '-p', 'referee stadium'], (req, res) =>
      req.url.pathname === '/v1/models'
        ? sendJson(res, 200, {
            object: 'list',
            data: [FT_MODEL, 'gpt-4o-mini-2024-07-18'].map((id) => ({
              id,
              object: 'model',
              created: 1,
              owned_by: 'me',
            })),
          })
        : sendError(res, 404, `The model '${typo}' does not exist (key ${CANARY})`, {
            code: 'model_not_found',
          }),
    );
    expectOneErrorLine(
      result,
      new RegExp(
        `^error: The model "${typo}" does not exist on this provider .*Did you mean ${FT_MODEL}\\?$`,
      ),
    );
    // No wait, no second try: one request, then one look at the model list.
    expect(api.requests.map((r) => r.url.pathname)).toEqual(['/v1/chat/completions', '/v1/models']);
  });

  it('says it was rate limited (429 with retry-after) once the retry is spent', async () => {
    const result = await run(['jobs', 'list'], (_, res) =>
      sendError(res, 429, `Rate limit reached for ${CANARY}`, {
        code: 'rate_limit_exceeded',
        headers: { 'retry-after': '1' },
      }),
    );
    expectOneErrorLine(
      result,
      /^error: Rate limited by the API\. The API asks to wait 1 s; try again then\.$/,
    );
    expect(api.requests).toHaveLength(2);
  });

  it('says the API had a problem on a 500', async () => {
    const result = await run(['jobs', 'get', 'ftjob-abc'], (_, res) =>
      sendError(res, 500, `internal error for ${CANARY}`),
    );
    expectOneErrorLine(result, /^error: The API had a problem \(500\)\. This is usually temporary/);
    expect(api.requests).toHaveLength(2);
  });

  it('says the API could not be reached when the connection drops', async () => {
    const result = await run(['models', 'list'], (_, res) => void res.socket?.destroy());
    expectOneErrorLine(result, /^error: Could not reach the API .*Check the connection or the base URL/);
    expect(api.requests).toHaveLength(2);
  });
});
