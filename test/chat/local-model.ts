import { createReadStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import OpenAI from 'openai';
import { startLocalServer, type LocalServer } from '../../src/server/index.js';

export const TOPICS_TRAIN = fileURLToPath(new URL('../fixtures/train/topics_train.jsonl', import.meta.url));
export const TOPICS_VALID = fileURLToPath(new URL('../fixtures/train/topics_valid.jsonl', import.meta.url));
export const SEPARATOR = '\n\n###\n\n';

export interface TrainedTopics {
  readonly server: LocalServer;
  readonly client: OpenAI;
  /** The fine-tuned model and the job that made it. */
  readonly model: string;
  readonly jobId: string;
  /** A temporary directory for the test's own files (FINE_TUNE_HOME, outputs). */
  readonly dir: string;
  close(): Promise<void>;
}

/** Starts the local provider on a free port and trains a model on the topics fixture (well under a second). */
export async function trainTopics(options: { streamDelayMs?: number } = {}): Promise<TrainedTopics> {
  const dir = await mkdtemp(join(tmpdir(), 'ft-chat-'));
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    dataDir: join(dir, 'server'),
    stepDelayMs: 0,
    // Streams without pauses unless a test wants time to interrupt one.
    streamDelayMs: options.streamDelayMs ?? 0,
    log: () => undefined,
  });
  const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries: 0 });
  const file = await client.files.create({ file: createReadStream(TOPICS_TRAIN), purpose: 'fine-tune' });
  let job = await client.fineTuning.jobs.create({
    model: 'local-small',
    training_file: file.id,
    suffix: 'topics',
  });
  while (!['succeeded', 'failed', 'cancelled'].includes(job.status)) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    job = await client.fineTuning.jobs.retrieve(job.id);
  }
  if (job.status !== 'succeeded' || !job.fine_tuned_model) {
    throw new Error(`training failed: ${JSON.stringify(job.error)}`);
  }
  return {
    server,
    client,
    model: job.fine_tuned_model,
    jobId: job.id,
    dir,
    close: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
