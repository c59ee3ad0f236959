import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI, { toFile } from 'openai';
import type { FineTuningJob } from 'openai/resources/fine-tuning/jobs/jobs';
import { startLocalServer, type LocalServer, type LocalServerOptions } from '../../src/server/index.js';

export const TOPICS_TRAIN = fileURLToPath(new URL('../fixtures/train/topics_train.jsonl', import.meta.url));
export const TOPICS_VALID = fileURLToPath(new URL('../fixtures/train/topics_valid.jsonl', import.meta.url));

export interface Harness {
  readonly server: LocalServer;
  readonly client: OpenAI;
  readonly dataDir: string;
  close(): Promise<void>;
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fine-tune-server-'));
}

/** A server on port 0 with its own temporary data directory, and an SDK client for it. */
export async function harness(options: LocalServerOptions = {}): Promise<Harness> {
  const dataDir = options.dataDir ?? tempDir();
  const server = await startLocalServer({ stepDelayMs: 0, streamDelayMs: 0, ...options, dataDir });
  const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries: 0 });
  return {
    server,
    client,
    dataDir,
    close: async () => {
      await server.close();
      if (!options.dataDir) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export async function uploadText(client: OpenAI, text: string, name = 'train.jsonl'): Promise<string> {
  const file = await client.files.create({
    file: await toFile(Buffer.from(text), name),
    purpose: 'fine-tune',
  });
  return file.id;
}

export async function uploadFixture(client: OpenAI, path: string): Promise<string> {
  return uploadText(client, readFileSync(path, 'utf8'), path.split('/').pop() ?? 'data.jsonl');
}

/** Small prompt/completion data: `n` lines over two labels. */
export function tinyData(n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const topic = i % 2 === 0 ? ['goal', 'team', 'match'] : ['oven', 'recipe', 'soup'];
    const label = i % 2 === 0 ? ' sports' : ' food';
    lines.push(JSON.stringify({ prompt: `${topic.join(' ')} ${i}\n\n###\n\n`, completion: label }));
  }
  return `${lines.join('\n')}\n`;
}

export async function waitFor(
  client: OpenAI,
  id: string,
  done: (job: FineTuningJob) => boolean,
  timeoutMs = 20_000,
): Promise<FineTuningJob> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = await client.fineTuning.jobs.retrieve(id);
    if (done(job)) return job;
    if (Date.now() > deadline) throw new Error(`job ${id} stuck in ${job.status}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

export const terminal = (job: FineTuningJob): boolean =>
  job.status === 'succeeded' || job.status === 'failed' || job.status === 'cancelled';
