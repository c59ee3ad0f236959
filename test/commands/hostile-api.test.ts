import { writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
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

// Issue #16: commands against an API that fails, lies or sends control characters. The fake answers as
// the API reference says for the calls that work: files.list / files.create
// (https://platform.openai.com/docs/api-reference/files), fine_tuning.jobs.create / retrieve
// (https://platform.openai.com/docs/api-reference/fine-tuning), chat completions streamed as server-sent
// events (https://platform.openai.com/docs/api-reference/chat-streaming).

let api: FakeApi;
let cli: CliHome;
beforeAll(async () => {
  api = await startFakeApi();
  cli = await makeCliHome({ OPENAI_API_KEY: 'sk-test-hostile-0123456789', FINE_TUNE_MAX_RETRIES: '1' });
});
beforeEach(() => {
  api.requests.length = 0;
});
afterAll(async () => {
  await cli.cleanup();
  await api.close();
});

function run(args: readonly string[], handler: Handler, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  api.setHandler(handler);
  return cli.run(args, { OPENAI_BASE_URL: `${api.origin}/v1`, ...env });
}

/**
 * The same, in process (`runInProcess`: the binary's `main`, without a child process). The built
 * binary still runs one case of each behaviour here: a successful upload, a non-JSON answer
 * (completions), and every control-character case.
 */
function runHere(args: readonly string[], handler: Handler, env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  api.setHandler(handler);
  return cli.runHere(args, { OPENAI_BASE_URL: `${api.origin}/v1`, ...env });
}

const lines = (text: string) => text.split('\n').filter((line) => line !== '');
const list = (data: unknown[] = []) => ({ object: 'list', data, has_more: false });

/** The API as it is when it works: an empty file list, uploads accepted, a job created. */
const working: Handler = (req, res) => {
  const path = req.url.pathname;
  if (path === '/v1/files' && req.method === 'GET') return sendJson(res, 200, list());
  if (path === '/v1/files') return sendJson(res, 200, fileObject('file-up1', 'train.jsonl', req.body.length));
  if (path === '/v1/fine_tuning/jobs') return sendJson(res, 200, jobObject({ id: 'ftjob-new1' }));
  return sendError(res, 404, 'not here');
};

describe('create: "Uploaded" once, only when the API accepted the file, and the status it gave', () => {
  it('says so once after a successful upload', async () => {
    const train = await cli.trainingFile(12);
    const result = await run(['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow'], working);
    expect(result.code, result.stderr).toBe(0);
    expect(lines(result.stderr).filter((l) => l.startsWith('Uploaded'))).toEqual([
      expect.stringMatching(/^Uploaded training file \S+ \(0\.0 MB\) as file-up1$/),
    ]);
  });

  it.each([
    [500, /^error: Could not upload the training file \(HTTP 500\): The API had a problem\. /],
    [401, /^error: Could not upload the training file \(HTTP 401\): The API key was rejected by OpenAI\. /],
  ])('an API answering %i: one error line naming it, no upload claimed', async (status, message) => {
    const train = await cli.trainingFile(12);
    const result = await runHere(
      ['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow'],
      (_, res) => sendError(res, status, 'nope'),
    );
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([expect.stringMatching(message)]);
  });

  it('an API that answers 500 before the file is sent: its status, not "could not reach the API"', async () => {
    // Answers at once, without reading the upload: the client may see its connection close mid-body (then
    // a second request learns the status: 503 here) or read the early answer (500).
    const early = createServer((req, res) => {
      const status = req.method === 'POST' ? 500 : 503;
      res.writeHead(status, { 'content-type': 'application/json', connection: 'close' });
      res.end(JSON.stringify({ error: { message: 'down', type: 'server_error', param: null, code: null } }));
    });
    await new Promise<void>((done) => early.listen(0, '127.0.0.1', done));
    const train = join(cli.home, 'big.jsonl');
    const line = `${JSON.stringify({ prompt: 'x'.repeat(500), completion: ' y' })}\n`;
    await writeFile(train, line.repeat(16_000));
    try {
      const { port } = early.address() as AddressInfo;
      const result = await cli.runHere(
        ['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow'],
        {
          OPENAI_BASE_URL: `http://127.0.0.1:${port}/v1`,
          FINE_TUNE_MAX_RETRIES: '0',
        },
      );
      expect(result.code).toBe(1);
      expect(lines(result.stderr)).toEqual([
        expect.stringMatching(
          /^error: Could not upload the training file \(HTTP 50[03]\): The API had a problem\. /,
        ),
      ]);
    } finally {
      early.closeAllConnections();
      await new Promise((done) => early.close(done));
    }
  });

  it('an upload the API refuses with 500: the file and the status, no "Uploaded"', async () => {
    const train = await cli.trainingFile(12);
    const result = await runHere(
      ['create', '-t', train, '-m', 'gpt-4o-mini-2024-07-18', '--no-follow'],
      (req, res) => (req.method === 'POST' ? sendError(res, 500, 'disk full') : working(req, res)),
    );
    expect(result.code).toBe(1);
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(
        /^error: Could not upload the training file \(HTTP 500\): The API had a problem\. /,
      ),
    ]);
  });
});

describe('complete on a 200 that is not JSON', () => {
  it.each([
    ['an HTML page (completions)', 'text/html', []],
    ['a page labelled JSON (chat)', 'application/json', ['--chat']],
  ])('%s: exit 1 "the API answered with something that is not JSON"', async (_name, type, chat) => {
    const result = await (chat.length > 0 ? runHere : run)(
      ['complete', '-m', 'gpt-4o-mini', ...chat, '-p', 'hi'],
      (_, res) => {
        res.writeHead(200, { 'content-type': type });
        res.end('<html><body>Sign in to the proxy</body></html>');
      },
    );
    expect(result.code, result.stderr).toBe(1);
    expect(result.stdout).toBe('');
    expect(lines(result.stderr)).toEqual([
      expect.stringMatching(/^error: The API answered with something that is not JSON\. Check the base URL/),
    ]);
  });
});

describe('follow against an API that always answers 500', () => {
  it('backs off, says so on each try, and stops after --give-up-after with what to do', async () => {
    const result = await runHere(
      ['follow', 'ftjob-abc', '--give-up-after', '1s'],
      (_, res) => sendError(res, 500, 'down'),
      {
        FINE_TUNE_POLL_MS: '50',
        FINE_TUNE_MAX_RETRIES: '0',
      },
    );
    expect(result.code).toBe(1);
    const said = lines(result.stderr);
    const retries = said.filter((l) => l.startsWith('reconnecting in '));
    expect(retries.length).toBeGreaterThan(1);
    expect(retries[0]).toMatch(
      /^reconnecting in \d+\.\ds: The API had a problem \(500\)\. Failing for \d+ s; giving up after 1 s\.$/,
    );
    expect(said.at(-1)).toMatch(
      /^error: stopped following ftjob-abc: requests failed for \d+ s \(\d+ tries; the last: The API had a problem \(500\)\.\) The job itself may still be running: re-attach with `fine-tune follow ftjob-abc`/,
    );
    // Backed off: far fewer requests than one per 50 ms poll.
    expect(api.requests.length).toBe(retries.length + 1);
  });

  it('refuses a --give-up-after that is not a duration (exit 2)', async () => {
    const result = await runHere(['follow', 'ftjob-abc', '--give-up-after', 'soon'], (_, res) =>
      sendError(res, 500, 'x'),
    );
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--give-up-after: "soon" is not a duration');
    expect(api.requests).toEqual([]);
  });
});

describe('control characters from the API are shown, not obeyed', () => {
  const esc = '\u001b]0;pwned\u0007\u001b[2J';
  it('in a job error (jobs get) and a streamed reply (complete)', async () => {
    const job = await run(['jobs', 'get', 'ftjob-x'], (_, res) =>
      sendJson(
        res,
        200,
        jobObject({ status: 'failed', error: { code: 'x', message: `bad ${esc} file`, param: null } }),
      ),
    );
    expect(job.code, job.stderr).toBe(0);
    expect(job.stdout).toContain('bad \\x1b]0;pwned\\x07\\x1b[2J file');
    const reply = await run(['complete', '-m', 'gpt-4o-mini', '--chat', '-p', 'hi'], (_, res) =>
      sendChatStream(res, 'gpt-4o-mini', `sports${esc}`),
    );
    expect(reply.stdout).toBe('sports\\x1b]0;pwned\\x07\\x1b[2J\n');
    const all = `${job.stdout}${job.stderr}${reply.stdout}${reply.stderr}`;
    // eslint-disable-next-line no-control-regex -- control characters are what is looked for
    expect(all).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it('in model names listed by the radar and the rescue inventory', async () => {
    // A fine-tune of gpt-4o-mini (it stops answering on 2027-01-14) whose name carries the sequence.
    const model = `ft:gpt-4o-mini-2024-07-18:acme:x${esc}:abc123`;
    const models: Handler = (req, res) => {
      if (req.url.pathname === '/v1/models') {
        return sendJson(res, 200, list([{ id: model, object: 'model', created: 1, owned_by: 'acme' }]));
      }
      if (req.url.pathname === '/v1/fine_tuning/jobs') return sendJson(res, 200, list());
      return sendError(res, 404, 'not here');
    };
    const env = { FINE_TUNE_TODAY: '2026-12-07' };
    const radar = await run(['radar', '--provider', 'openai'], models, env);
    const inventory = await run(['rescue', '--provider', 'openai'], models, env);
    for (const result of [radar, inventory]) {
      expect(result.stdout + result.stderr).toContain('x\\x1b]0;pwned\\x07\\x1b[2J');
      // eslint-disable-next-line no-control-regex -- control characters are what is looked for
      expect(result.stdout + result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
    }
  });
});
