import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { uploadFile, type UploadProgress } from '../../src/api/uploads.js';
import { startTestServer, type TestServer } from './local-server.js';

let t: TestServer;
beforeAll(async () => {
  // Faults on: every request of an upload must survive a 429, a 500 or a dropped connection.
  t = await startTestServer({ injectFaults: 0.2 });
});
afterAll(() => t.close());

describe('uploads', () => {
  it('uploads a small file in one request, reporting progress up to its size', async () => {
    const path = await t.trainingFile(20);
    const size = (await readFile(path)).length;
    const seen: UploadProgress[] = [];
    const file = await uploadFile(t.client(0), path, {
      retryBaseMs: 10,
      attempts: 8,
      onProgress: (p) => seen.push(p),
    });
    expect(file.bytes).toBe(size);
    expect(seen.at(-1)).toMatchObject({ sentBytes: size, totalBytes: size });
    expect(
      seen.every((p, i) => i === 0 || p.sentBytes >= (seen[i - 1]?.sentBytes ?? 0) || p.sentBytes === 0),
    ).toBe(true);
  });

  it('sends a file above the threshold in parts, in order, and the server gets the same bytes', async () => {
    const path = await t.trainingFile(60, 'big.jsonl');
    const original = await readFile(path);
    const seen: number[] = [];
    const file = await uploadFile(t.client(0), path, {
      multipartThreshold: 1024,
      partSize: 1024,
      concurrency: 3,
      retryBaseMs: 10,
      attempts: 8,
      onProgress: (p) => seen.push(p.sentBytes),
    });
    expect(original.length).toBeGreaterThan(3 * 1024);
    expect(file.bytes).toBe(original.length);
    const content = await t.client(5).files.content(file.id);
    expect(Buffer.from(await content.arrayBuffer()).equals(original)).toBe(true);
    expect(seen.at(-1)).toBe(original.length);
  });
});
