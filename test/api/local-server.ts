import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../src/server/index.js';

export const TOPICS_TRAIN = fileURLToPath(new URL('../fixtures/train/topics_train.jsonl', import.meta.url));

export interface TestServer {
  readonly server: LocalServer;
  /** A client for the server; `retries` sets the SDK's own retries (0 to see every fault). */
  client(retries?: number): OpenAI;
  readonly dir: string;
  /** Writes the first `lines` examples of the topics fixture to a file in `dir`. */
  trainingFile(lines: number, name?: string): Promise<string>;
  close(): Promise<void>;
}

export async function startTestServer(options: LocalServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'ft-api-'));
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'server'),
    stepDelayMs: 0,
    log: () => undefined,
    ...options,
  });
  return {
    server,
    dir,
    client: (retries = 2) =>
      new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries: retries }),
    trainingFile: async (lines, name = 'train.jsonl') => {
      const text = readFileSync(TOPICS_TRAIN, 'utf8').split('\n').slice(0, lines).join('\n');
      const path = join(dir, name);
      await writeFile(path, `${text}\n`);
      return path;
    },
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
