import { createServer, request, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createHandler, type AppOptions } from '../../src/server/http/app.js';
import { ApiError } from '../../src/server/http/errors.js';
import { Router } from '../../src/server/http/router.js';
import { EventStream } from '../../src/server/http/sse.js';

// The request pipeline on its own (auth, routing, answers, faults, streams), with a router of a few
// test routes: what every endpoint of the local server gets before its own code runs.

const KEY = 'sk-local-test-key';
const logs: string[] = [];
const requests: string[] = [];
let options: { -readonly [K in keyof AppOptions]: AppOptions[K] } = {
  apiKey: KEY,
  injectFaults: 0,
  log: (l) => logs.push(l),
};
let streamed: EventStream | undefined;
let leftEarly: Promise<void> = Promise.resolve();

const router = new Router()
  .on('GET', '/things/:id', ({ params, query }) => ({ json: { id: params.id, q: query.get('q') } }))
  .on('POST', '/things', () => ({ json: { made: true }, status: 201 }))
  .on('GET', '/bytes', () => ({ bytes: Buffer.from('a,b\n'), contentType: 'text/csv' }))
  .on('GET', '/refused', () => {
    throw new ApiError(409, 'not now', 'invalid_request_error', 'id', 'busy');
  })
  .on('GET', '/crash', () => {
    throw new Error('disk on fire at /secret/path');
  })
  .on('GET', '/stream', async ({ res }) => {
    const stream = new EventStream(res);
    streamed = stream;
    stream.send({ n: 1 });
    stream.comment('still here');
    await stream.pause(0);
    stream.send({ n: 2 });
    stream.done();
    return { streamed: true };
  })
  .on('GET', '/half-stream', ({ res }) => {
    const stream = new EventStream(res);
    stream.send({ n: 1 });
    throw new Error('the model went away');
  })
  .on('GET', '/slow-stream', async ({ res }) => {
    const stream = new EventStream(res);
    streamed = stream;
    stream.send({ n: 1 });
    leftEarly = new Promise((resolve) => stream.onClose(resolve));
    await leftEarly;
    stream.send({ n: 2 });
    stream.comment('gone');
    stream.done();
    return { streamed: true };
  });

let server: Server;
let port = 0;
beforeAll(async () => {
  const handler = createHandler(router, {
    get apiKey() {
      return options.apiKey;
    },
    get injectFaults() {
      return options.injectFaults;
    },
    log: (line) => options.log(line),
    requestLog: (line) => requests.push(line),
  });
  server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => new Promise<void>((resolve) => server.close(() => resolve())));
afterEach(() => {
  vi.restoreAllMocks();
  options = { apiKey: KEY, injectFaults: 0, log: (l) => logs.push(l) };
  logs.length = 0;
  requests.length = 0;
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => { error: Record<string, unknown> } & Record<string, unknown>;
}

function call(
  path: string,
  init: { method?: string; auth?: string | null; body?: string; partial?: boolean } = {},
): Promise<Answer> {
  const headers: Record<string, string> = {};
  if (init.auth !== null) headers.authorization = init.auth ?? `Bearer ${KEY}`;
  if (init.body !== undefined) headers['content-length'] = String(init.body.length + (init.partial ? 10 : 0));
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: init.method ?? 'GET', headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (init.body !== undefined) req.write(init.body);
    if (!init.partial) req.end();
  });
}

/** Waits for the request log line of the last request (written once its answer is finished). */
async function requestLine(): Promise<string> {
  await vi.waitFor(() => expect(requests.length).toBeGreaterThan(0));
  return requests[requests.length - 1] ?? '';
}

describe('auth', () => {
  it('lets a request with the key through, whatever the case of Bearer and spaces around the key', async () => {
    expect((await call('/v1/things/a')).status).toBe(200);
    expect((await call('/v1/things/a', { auth: `bearer   ${KEY}  ` })).status).toBe(200);
  });

  it('refuses a request without a key, and one with the wrong key, never echoing it', async () => {
    for (const auth of [null, '', 'Bearer', 'Bearer ', `Basic ${KEY}`, `Basic Bearer ${KEY}`]) {
      const answer = await call('/v1/things/a', { auth });
      expect(answer.status).toBe(401);
      expect(answer.json().error).toMatchObject({ type: 'invalid_request_error', code: null });
      expect(answer.json().error.message).toMatch(/^You didn't provide an API key\./);
    }
    for (const auth of ['Bearer sk-wrong-key', `Bearer ${KEY}x`, `Bearer ${KEY.slice(1)}`]) {
      const answer = await call('/v1/things/a', { auth });
      expect(answer.status).toBe(401);
      expect(answer.json().error).toMatchObject({
        type: 'invalid_request_error',
        code: 'invalid_api_key',
        param: null,
      });
      expect(answer.json().error.message).toMatch(/^Incorrect API key provided\. Use the key printed by/);
      expect(answer.text).not.toContain('wrong-key');
      expect(answer.text).not.toContain(KEY);
    }
  });

  it('checks the key before the route: an unknown path without a key is a 401', async () => {
    expect((await call('/v1/nothing', { auth: null })).status).toBe(401);
  });
});

describe('routing and answers', () => {
  it('answers JSON with its length and a request id, and passes params and the query', async () => {
    const answer = await call('/v1/things/a%20b?q=1');
    expect(answer.json()).toEqual({ id: 'a b', q: '1' });
    expect(answer.headers['content-type']).toBe('application/json');
    expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.text)));
    expect(answer.headers['x-request-id']).toMatch(/^req_[0-9a-f]{24}$/);
    expect((await call('/v1/things', { method: 'POST', body: '' })).status).toBe(201);
  });

  it('answers bytes with their type and length', async () => {
    const answer = await call('/v1/bytes');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('a,b\n');
    expect(answer.headers['content-type']).toBe('text/csv');
    expect(answer.headers['content-length']).toBe('4');
  });

  it('answers a path outside /v1/ or with no route as the service does, with its method and path', async () => {
    for (const [method, path] of [
      ['GET', '/things/a'],
      ['GET', '/v1/nothing'],
      ['DELETE', '/v1/things/a'],
      ['GET', '/v2/things/a'],
    ] as const) {
      const answer = await call(`${path}?x=1`, { method });
      expect(answer.status).toBe(404);
      expect(answer.json().error).toEqual({
        message: `Invalid URL (${method} ${path})`,
        type: 'invalid_request_error',
        param: null,
        code: null,
      });
    }
  });

  it("answers a handler's refusal with its status and error object, and logs nothing", async () => {
    const answer = await call('/v1/refused');
    expect(answer.status).toBe(409);
    expect(answer.json()).toEqual({
      error: { message: 'not now', type: 'invalid_request_error', param: 'id', code: 'busy' },
    });
    expect(logs).toEqual([]);
  });

  it('answers an unexpected error with a bare 500, its details in the log only', async () => {
    const answer = await call('/v1/crash');
    expect(answer.status).toBe(500);
    expect(answer.json().error).toEqual({
      message: 'The server had an error while processing your request.',
      type: 'server_error',
      param: null,
      code: null,
    });
    expect(answer.text).not.toContain('secret');
    expect(logs).toEqual(['error: GET /v1/crash: disk on fire at /secret/path']);
  });

  it('closes the connection after refusing a request whose body it did not read', async () => {
    const whole = await call('/v1/nothing', { method: 'POST', body: '{}' });
    expect(whole.status).toBe(404);
    const partial = await call('/v1/nothing', { method: 'POST', body: '{"a":', partial: true });
    expect(partial.status).toBe(404);
    expect(partial.headers.connection).toBe('close');
  });

  it('answers a request target the URL parser refuses with a 400', async () => {
    const answer = await call('//[');
    expect(answer.status).toBe(400);
    expect(answer.json().error).toEqual({
      message: 'The request target is not a valid URL.',
      type: 'invalid_request_error',
      param: null,
      code: null,
    });
  });

  it('logs each request: method, path without the query, status and time', async () => {
    const started = Date.now();
    await call('/v1/things/a?q=secret');
    const took = Date.now() - started;
    const line = await requestLine();
    expect(line).toMatch(/^GET \/v1\/things\/a 200 \d+ms$/);
    // The time is the request's own: no longer than the test waited for it.
    expect(Number(/ (\d+)ms$/.exec(line)?.[1])).toBeLessThanOrEqual(took);
    requests.length = 0;
    await call('/v1/things', { method: 'POST', body: '' });
    expect(await requestLine()).toMatch(/^POST \/v1\/things 201 \d+ms$/);
  });
});

describe('injected faults', () => {
  it('answer nothing unusual when the rate is 0', async () => {
    options.injectFaults = 0;
    expect((await call('/v1/things/a')).status).toBe(200);
  });

  it('answer a 429 or a 500 the client may retry, before any route runs', async () => {
    options.injectFaults = 1;
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValue(0); // kind 0: a rate limit
    const limited = await call('/v1/crash');
    expect(limited.status).toBe(429);
    expect(limited.json().error).toEqual({
      message: 'Rate limit reached for requests (injected fault).',
      type: 'requests',
      param: null,
      code: 'rate_limit_exceeded',
    });
    expect(limited.headers['retry-after-ms']).toBe('20');
    expect(limited.headers.connection).toBe('close');
    random.mockReturnValue(0.5); // kind 1: a server error
    const failed = await call('/v1/crash', { method: 'POST', body: '{"a":1}' });
    expect(failed.status).toBe(500);
    expect(failed.json().error).toMatchObject({ type: 'server_error' });
    expect(failed.json().error.message).toMatch(/\(injected fault\)\.$/);
    expect(logs).toEqual([]); // the route never ran
  });

  it('drop the connection as the third kind, and spare a request drawn above the rate', async () => {
    options.injectFaults = 0.5;
    const random = vi.spyOn(Math, 'random');
    random.mockReturnValue(0.49); // under the rate; kind floor(0.49 × 3) = 1
    expect((await call('/v1/things/a')).status).toBe(500);
    random.mockReturnValue(0.5); // at the rate: spared
    expect((await call('/v1/things/a')).status).toBe(200);
    options.injectFaults = 1;
    random.mockReturnValue(0.9); // kind 2: the socket is destroyed, and nothing else happens
    await expect(call('/v1/crash')).rejects.toThrow(/socket hang up|ECONNRESET/);
    expect(logs).toEqual([]);
  });
});

describe('event streams', () => {
  it('frames each event, keeps comments and ends with [DONE]', async () => {
    const answer = await call('/v1/stream');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-type']).toBe('text/event-stream; charset=utf-8');
    expect(answer.headers['cache-control']).toBe('no-cache');
    expect(answer.text).toBe('data: {"n":1}\n\n: still here\n\ndata: {"n":2}\n\ndata: [DONE]\n\n');
    expect(streamed?.frames).toBe(2);
    expect(await requestLine()).toMatch(/^GET \/v1\/stream 200 \d+ms$/);
  });

  it('ends a stream whose handler failed half-way, the error in the log', async () => {
    const answer = await call('/v1/half-stream');
    expect(answer.status).toBe(200);
    expect(answer.text).toBe('data: {"n":1}\n\n');
    expect(logs).toEqual(['error: GET /v1/half-stream: the model went away']);
  });

  it('sees a client that left, stops writing, and says so in the request log', async () => {
    await new Promise<void>((resolve) => {
      const req = request(
        { host: '127.0.0.1', port, path: '/v1/slow-stream', headers: { authorization: `Bearer ${KEY}` } },
        // Leaves after the first event.
        (res) => res.once('data', () => req.destroy()),
      );
      req.on('error', () => undefined);
      req.on('close', resolve);
      req.end();
    });
    await leftEarly;
    const line = await requestLine();
    expect(line).toMatch(
      /^GET \/v1\/slow-stream 200 \d+ms \(client left; the reply stopped after 2 chunks\)$/,
    );
    expect(streamed?.aborted).toBe(true);
  });
});
