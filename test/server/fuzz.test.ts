import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalServer, type LocalServer } from '../../src/server/index.js';
import { seeded } from '../reliability/corpus.js';
import { tempDir, tinyData } from './helpers.js';
import { rmSync } from 'node:fs';

const KEY = 'sk-fuzz-0123456789';
/**
 * Bounds of the run: at least MIN_REQUESTS (the same seeded ones on every machine), then more until
 * MAX_MS or MAX_REQUESTS, whichever comes first (the suite stays fast on a loaded machine).
 */
const MIN_REQUESTS = 40;
const MAX_REQUESTS = Number(process.env.FUZZ_REQUESTS ?? 600);
const MAX_MS = Number(process.env.FUZZ_MS ?? 2_000);

/** Sends raw bytes; resolves with what came back before the server closed (or 5 s passed). */
function raw(port: number, bytes: Buffer): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.setEncoding('latin1');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(5_000, () => socket.destroy());
  });
}

type Random = () => number;
const pick = <T>(random: Random, list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;

const METHODS = ['GET', 'POST', 'DELETE', 'PUT', 'PATCH', 'HEAD', 'OPTIONS', 'BREW', 'get', 'M-SEARCH'];
const PATHS = [
  '/v1/models',
  '/v1/models/local-small',
  '/v1/models/ft:local-small:x::%ZZ',
  '/v1/files',
  '/v1/files/file-nope',
  '/v1/files/file-nope/content',
  '/v1/uploads',
  '/v1/uploads/upload-x/parts',
  '/v1/uploads/upload-x/complete',
  '/v1/fine_tuning/jobs',
  '/v1/fine_tuning/jobs/ftjob-x',
  '/v1/fine_tuning/jobs/ftjob-x/events',
  '/v1/fine_tuning/jobs/ftjob-x/checkpoints',
  '/v1/fine_tuning/jobs/ftjob-x/cancel',
  '/v1/fine_tuning/jobs/ftjob-x/pause',
  '/v1/completions',
  '/v1/chat/completions',
  '/v1/../../etc/passwd',
  '/v1/%2e%2e/%2e%2e',
  '*',
  'http://[',
  'http://x:99999/v1/models',
  '//v1//files',
  '/',
];
const QUERIES = [
  '',
  '?limit=-1',
  '?limit=1e309',
  '?after=%',
  '?limit=2&after=ftjob-x',
  '?a=%zz&&&',
  '?purpose=fine-tune&order=asc',
];

function target(random: Random): string {
  const path = pick(random, PATHS);
  if (random() < 0.1) return `${path}/${'x'.repeat(Math.floor(random() * 6000))}`;
  if (random() < 0.1) return `${path}${encodeURIComponent('ñ🙂\u0000')}`;
  return path.startsWith('/') ? `${path}${pick(random, QUERIES)}` : path;
}

function body(random: Random): { type: string; bytes: Buffer } {
  const json = (value: unknown) => ({ type: 'application/json', bytes: Buffer.from(JSON.stringify(value)) });
  const boundary = `b${Math.floor(random() * 1e9)}`;
  const choices = [
    () => json([]),
    () => json([1, { model: 'local-small' }]),
    () => json(null),
    () => json('text'),
    () => json({}),
    () => json({ model: 'local-small', training_file: 'file-nope' }),
    () => json({ model: 'local-small', prompt: ['a', 1, null], max_tokens: -5, stream: 'yes' }),
    () => json({ model: 'local-small', messages: [{ role: 'robot' }], n: 1e9 }),
    () => json({ purpose: 'fine-tune', filename: '../x', bytes: -1, mime_type: 5 }),
    () => ({ type: 'application/json', bytes: Buffer.from('{"model": "local-small", "prompt": ') }),
    () => ({ type: 'application/json', bytes: Buffer.from('['.repeat(100_000)) }),
    () => ({
      type: `multipart/form-data; boundary=${boundary}`,
      bytes: Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="purpose"\r\n\r\nfine-tune\r\n--${boundary}\r\n` +
          `Content-Disposition: form-data; name="file"; filename="t.jsonl"\r\n\r\n${tinyData(3)}\r\n--${boundary}--\r\n`,
      ),
    }),
    () => ({
      type: `multipart/form-data; boundary=${boundary}`,
      bytes: Buffer.from(`--${boundary}\r\nbroken`),
    }),
    () => ({ type: 'multipart/form-data', bytes: Buffer.from('no boundary at all') }),
    () => {
      const bytes = Buffer.alloc(Math.floor(random() * 3000));
      for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(random() * 256);
      return { type: pick(random, ['application/json', 'text/plain', 'application/octet-stream']), bytes };
    },
  ];
  return pick(random, choices)();
}

/** One malformed (or merely odd) request, as bytes on the wire. */
function request(random: Random): Buffer {
  const method = pick(random, METHODS);
  const { type, bytes } = body(random);
  const headers: string[] = ['Host: 127.0.0.1', 'Connection: close'];
  const auth = random();
  if (auth < 0.6) headers.push(`Authorization: Bearer ${KEY}`);
  else if (auth < 0.7) headers.push('Authorization: Bearer');
  else if (auth < 0.8) headers.push(`Authorization: Basic ${'A'.repeat(Math.floor(random() * 8000))}`);
  if (random() < 0.8) headers.push(`Content-Type: ${type}`);
  const length = random();
  let payload = bytes;
  if (length < 0.7) headers.push(`Content-Length: ${bytes.length}`);
  else if (length < 0.8)
    headers.push(`Content-Length: ${bytes.length + 50}`); // a body cut short
  else if (length < 0.85) headers.push('Content-Length: -1');
  else if (length < 0.9) headers.push('Content-Length: 99999999999');
  else {
    headers.push('Transfer-Encoding: chunked');
    const size = random() < 0.5 ? bytes.length.toString(16) : 'zz';
    payload = Buffer.concat([Buffer.from(`${size}\r\n`), bytes, Buffer.from('\r\n0\r\n\r\n')]);
  }
  if (random() < 0.2) headers.push(`X-${'a'.repeat(Math.floor(random() * 50))}: \u00ff\u00fe value`);
  if (random() < 0.05) headers.push('Broken header without a colon');
  const head = `${method} ${target(random)} HTTP/1.1\r\n${headers.join('\r\n')}\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), payload]);
}

describe('fine-tune serve under a seeded fuzz of malformed requests (loopback only)', () => {
  let server: LocalServer;
  let dataDir: string;
  const logged: string[] = [];

  beforeAll(async () => {
    dataDir = tempDir();
    server = await startLocalServer({
      dataDir,
      apiKey: KEY,
      host: '127.0.0.1',
      port: 0,
      stepDelayMs: 0,
      streamDelayMs: 0,
      log: (line) => logged.push(line),
    });
  });
  afterAll(async () => {
    await server.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers every request, with no 5xx and nothing escaping its handler, and still serves after each', async () => {
    const port = Number(new URL(server.baseURL).port);
    const random = seeded(Number(process.env.FUZZ_SEED ?? 20261207));
    const statuses = new Map<string, number>();
    const started = Date.now();
    let sent = 0;
    for (; sent < MIN_REQUESTS || (sent < MAX_REQUESTS && Date.now() - started < MAX_MS); sent++) {
      const bytes = request(random);
      const answer = await raw(port, bytes);
      const status = /^HTTP\/1\.1 (\d{3}) /.exec(answer)?.[1] ?? 'none';
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      // A request the HTTP parser refuses gets Node's own 400; every other one an answer of ours.
      expect(status, bytes.toString('latin1').slice(0, 300)).toMatch(/^[1-4]\d\d$/);
      const health = await fetch(`${server.baseURL}/models`, { headers: { authorization: `Bearer ${KEY}` } });
      expect(health.status).toBe(200);
      await health.arrayBuffer();
    }
    expect(logged.filter((line) => /unhandled|error:/.test(line))).toEqual([]);
    // The mix reached the routes, not only the parser and the key check.
    expect(
      ['200', '403', '404', '413'].some((s) => statuses.has(s)),
      JSON.stringify([...statuses]),
    ).toBe(true);
  }, 30_000);

  it('takes a body cut short for the fault of the client (400), not a server error in the log', async () => {
    const port = Number(new URL(server.baseURL).port);
    logged.length = 0;
    const head = `POST /v1/uploads HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${KEY}\r\nContent-Type: application/json\r\nContent-Length: 500\r\n\r\n`;
    const answer = await raw(port, Buffer.from(`${head}{"purpose":`));
    // Node's parser answers first (the connection ended mid-body); the handler must not call it a bug.
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    await new Promise((resolve) => setImmediate(resolve));
    expect(logged).toEqual([]);
  });

  it.each([
    ['an array', '[{"model":"local-small"}]', 'an array'],
    ['a string', '"local-small"', 'a string'],
    ['null', 'null', 'null'],
  ])(
    'answers %s where an object is expected as such (not "Missing required parameter: \'\'")',
    async (_name, text, kind) => {
      const response = await fetch(`${server.baseURL}/fine_tuning/jobs`, {
        method: 'POST',
        headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' },
        body: text,
      });
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        error: {
          message: `The request body must be a JSON object, not ${kind}.`,
          type: 'invalid_request_error',
          param: null,
          code: 'invalid_type',
        },
      });
    },
  );
});
