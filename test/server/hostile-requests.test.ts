import { rmSync } from 'node:fs';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from './helpers.js';
import { spawnServe, type ServeProcess } from './serve-process.js';

/** Sends raw bytes and resolves with whatever the server answers before it closes (or 2 s pass). */
function rawRequest(port: number, bytes: string): Promise<string> {
  return new Promise((resolve) => {
    let answer = '';
    const socket = connect(port, '127.0.0.1', () => socket.end(bytes));
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => (answer += chunk));
    socket.on('close', () => resolve(answer));
    socket.on('error', () => resolve(answer));
    socket.setTimeout(2_000, () => socket.destroy());
  });
}

describe('fine-tune serve under malformed requests, without a key', () => {
  let serve: ServeProcess;
  let dataDir: string;
  let port: number;

  beforeAll(async () => {
    dataDir = tempDir();
    serve = await spawnServe(dataDir);
    port = Number(new URL(serve.client.baseURL).port);
  });
  afterAll(async () => {
    serve.child.kill('SIGTERM');
    await serve.exited;
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('answers a request target the URL parser refuses with 400 and keeps serving', async () => {
    const answer = await rawRequest(port, 'GET http://[ HTTP/1.1\r\nHost: x\r\n\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('not a valid URL');
    expect((await serve.client.models.list()).data.length).toBeGreaterThan(0);
  });

  it.each([
    [
      'an absolute-form target with a bad port',
      'GET http://x:99999999/v1/models HTTP/1.1\r\nHost: x\r\n\r\n',
    ],
    ['a bare asterisk', 'OPTIONS * HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET /v1/models HTTP/1.1\r\nbroken header\r\n\r\n'],
    ['a body shorter than its content-length', 'POST /v1/files HTTP/1.1\r\nContent-Length: 100\r\n\r\nabc'],
    ['an unknown method', 'BREW /v1/models HTTP/1.1\r\nHost: x\r\n\r\n'],
  ])('stays up after %s', async (_name, bytes) => {
    await rawRequest(port, bytes);
    expect((await serve.client.models.list()).data.length).toBeGreaterThan(0);
  });

  it('never printed a stack trace', () => {
    expect(serve.output().stderr).not.toMatch(/\n\s+at /);
  });
});
