/**
 * The local provider: an OpenAI-compatible fine-tuning server that trains a small model on this
 * machine. Commands and the wizard start it on demand as a background `fine-tune serve` (one per data
 * directory, see src/api/local-background.ts); tests run it in-process.
 */
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import envPaths from 'env-paths';
import { createHandler } from './http/app.js';
import { Router } from './http/router.js';
import { JobBook } from './jobs/job-book.js';
import { JobRunner } from './jobs/runner.js';
import { ModelRegistry } from './models.js';
import { chatRoutes } from './routes/chat-completions.js';
import { completionRoutes } from './routes/completions.js';
import { fileRoutes } from './routes/files.js';
import { fineTuneRoutes } from './routes/fine-tunes.js';
import { jobRoutes } from './routes/jobs.js';
import { modelRoutes } from './routes/models.js';
import { uploadRoutes } from './routes/uploads.js';
import { FileBook } from './state/files.js';
import { sweepLeftovers } from './state/leftovers.js';
import { lockDataDir, unlockDataDir } from './state/lock.js';
import { Store } from './state/store.js';
import { UploadBook } from './state/uploads.js';
import type { Services } from './services.js';

export interface LocalServerOptions {
  readonly port?: number;
  readonly host?: string;
  /** Bearer key every request must carry; random when absent. */
  readonly apiKey?: string;
  /** Where state lives; default: the platform data directory + `/local`. */
  readonly dataDir?: string;
  /** Fraction (0–1) of requests answered with 429, 500 or a dropped connection. */
  readonly injectFaults?: number;
  /** Pause between training steps so a person can watch; default `FINE_TUNE_LOCAL_STEP_MS` or 80. */
  readonly stepDelayMs?: number;
  /**
   * Pause between the pieces of a streamed reply, so a chat shows it word by word; default
   * `FINE_TUNE_LOCAL_STREAM_MS` or 15. Tests pass 0.
   */
  readonly streamDelayMs?: number;
  /**
   * Pause before each completion reply, so work made of many quick answers (a rescue's golden set)
   * can be watched and captured; default `FINE_TUNE_LOCAL_REPLY_MS` or 0.
   */
  readonly replyDelayMs?: number;
  /** Problems worth a line (unexpected errors). */
  readonly log?: (line: string) => void;
  /** One line per request (method, path, status, time); `fine-tune serve` passes it under DEBUG. */
  readonly requestLog?: (line: string) => void;
}

export interface LocalServer {
  /** e.g. `http://127.0.0.1:PORT/v1` */
  readonly baseURL: string;
  readonly apiKey: string;
  readonly dataDir: string;
  /**
   * Since when (ms since the epoch) nothing has happened: no job training or waiting, no request in
   * flight. Null while busy. A background server stops itself after a while idle.
   */
  idleSince(): number | null;
  close(): Promise<void>;
}

/** With this pause the 60-row example (180 steps) trains in about 15 s: slow enough to watch. */
export const DEFAULT_STEP_DELAY_MS = 80;

export function defaultDataDir(): string {
  return join(envPaths('fine-tune', { suffix: '' }).data, 'local');
}

/** A word every 15 ms reads as typing without slowing a short label down. */
export const DEFAULT_STREAM_DELAY_MS = 15;

function delayFromEnv(value: string | undefined, fallback: number): number {
  const parsed = Number(value);
  return value !== undefined && value.trim() !== '' && Number.isFinite(parsed) && parsed >= 0
    ? parsed
    : fallback;
}

export function defaultStepDelay(env: NodeJS.ProcessEnv = process.env): number {
  return delayFromEnv(env.FINE_TUNE_LOCAL_STEP_MS, DEFAULT_STEP_DELAY_MS);
}

export function defaultStreamDelay(env: NodeJS.ProcessEnv = process.env): number {
  return delayFromEnv(env.FINE_TUNE_LOCAL_STREAM_MS, DEFAULT_STREAM_DELAY_MS);
}

export function generateApiKey(): string {
  return `sk-local-${randomBytes(24).toString('base64url')}`;
}

export { DataDirBusyError } from './state/lock.js';

export async function startLocalServer(options: LocalServerOptions = {}): Promise<LocalServer> {
  const dataDir = resolve(options.dataDir ?? defaultDataDir());
  const apiKey = options.apiKey ?? generateApiKey();
  const store = new Store(dataDir);
  lockDataDir(store.root);
  try {
    // Only once the lock is held: another live server's writes in progress are not leftovers.
    sweepLeftovers(store.root);
    return await serve(store, apiKey, options);
  } catch (error) {
    unlockDataDir(store.root);
    throw error;
  }
}

/**
 * The state books, the job runner and the request handler over one data directory: what a server
 * answers with, before it listens or recovers jobs (tests put jobs in any status through `services`).
 */
export function createLocalApp(
  store: Store,
  apiKey: string,
  options: LocalServerOptions = {},
): { services: Services; handler: (req: IncomingMessage, res: ServerResponse) => void } {
  const log = options.log ?? (() => undefined);
  const files = new FileBook(store);
  const book = new JobBook(store);
  const runner = new JobRunner(book, files, store, {
    stepDelayMs: options.stepDelayMs ?? defaultStepDelay(),
    log,
  });
  const services: Services = {
    store,
    files,
    uploads: new UploadBook(store, files),
    book,
    runner,
    models: new ModelRegistry(store, book),
    streamDelayMs: options.streamDelayMs ?? defaultStreamDelay(),
    replyDelayMs: options.replyDelayMs ?? delayFromEnv(process.env.FINE_TUNE_LOCAL_REPLY_MS, 0),
  };
  const router = new Router();
  for (const routes of [
    fileRoutes,
    uploadRoutes,
    jobRoutes,
    fineTuneRoutes,
    modelRoutes,
    completionRoutes,
    chatRoutes,
  ])
    routes(router, services);

  const handler = createHandler(router, {
    apiKey,
    injectFaults: options.injectFaults ?? 0,
    log,
    ...(options.requestLog ? { requestLog: options.requestLog } : {}),
  });
  return { services, handler };
}

async function serve(store: Store, apiKey: string, options: LocalServerOptions): Promise<LocalServer> {
  const log = options.log ?? (() => undefined);
  const { services, handler } = createLocalApp(store, apiKey, options);
  const { runner } = services;
  let inFlight = 0;
  let lastActive = Date.now();
  const server = createServer((req, res) => {
    inFlight++;
    res.once('close', () => {
      inFlight--;
      lastActive = Date.now();
    });
    handler(req, res);
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((done, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, host, () => done());
  });
  // After listening, a server error (a socket the OS refused, say) is logged, never fatal to the jobs.
  server.on('error', (error) => log(`error: server: ${error.message}`));
  runner.recover();
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    baseURL: `http://${urlHost}:${port}/v1`,
    apiKey,
    dataDir: store.root,
    idleSince: () => {
      if (inFlight > 0 || runner.busy()) {
        lastActive = Date.now();
        return null;
      }
      return lastActive;
    },
    close: async () => {
      await runner.close();
      server.closeAllConnections();
      await new Promise<void>((done) => server.close(() => done()));
      unlockDataDir(store.root);
    },
  };
}
