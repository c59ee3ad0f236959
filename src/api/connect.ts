import { randomBytes } from 'node:crypto';
import OpenAI, { AzureOpenAI } from 'openai';
import { UserError } from '../core/errors.js';
import { localServerDir } from '../store/paths.js';
import { scrubSecrets, toAppError, type AppError, type ErrorContext } from './errors.js';
import { selectProvider, type ProviderFlags, type ProviderName } from './provider.js';

/** One live connection to a provider. The key stays inside: it is never a field of this object. */
export interface Connection {
  readonly client: OpenAI;
  readonly provider: ProviderName;
  readonly baseURL: string;
  /** Why this provider was chosen (for the badge line). */
  readonly reason: string;
  /**
   * True when the address lives only as long as a server process (the local provider, in this process
   * or in the background: its port changes every start), so records keep the provider, not the URL.
   */
  readonly ephemeral: boolean;
  /** Removes this connection's key (and anything key-like) from a text before it is shown. */
  scrub(text: string): string;
  /** Maps any failure of a call through this connection to plain words, key removed. */
  explain(error: unknown, context?: ErrorContext): AppError;
  /** Stops the in-process local server, if any; safe to call twice. */
  close(): Promise<void>;
}

/**
 * Options for a local server run inside this process. Without `dataDir` the local provider is the
 * background server of the user's data directory (see ./local-background.ts), which these do not tune.
 */
export interface LocalServerTuning {
  /** Runs the server in this process on this directory (tests, programmatic use). */
  readonly dataDir?: string;
  readonly injectFaults?: number;
  readonly stepDelayMs?: number;
  readonly log?: (line: string) => void;
}

export interface ConnectOptions extends ProviderFlags {
  readonly env?: NodeJS.ProcessEnv;
  /** Options for the in-process local server (tests use a temporary data dir). */
  readonly local?: LocalServerTuning;
  /** Overrides the stated reason, e.g. when the provider comes from a job's record. */
  readonly reason?: string;
}

function required(env: NodeJS.ProcessEnv, name: string, provider: string): string {
  const value = env[name];
  if (value === undefined || value === '') {
    throw new UserError(`${name} is not set (needed by the ${provider} provider).`);
  }
  return value;
}

function numberFromEnv(env: NodeJS.ProcessEnv, name: string): number | undefined {
  const raw = env[name];
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < 0) throw new UserError(`${name} must be a number ≥ 0.`);
  return value;
}

function made(
  client: OpenAI,
  provider: ProviderName,
  reason: string,
  key: string,
  ephemeral = false,
  close?: () => Promise<void>,
): Connection {
  let closed = false;
  const scrub = (text: string) => scrubSecrets(text, [key]);
  return {
    client,
    provider,
    baseURL: client.baseURL,
    reason,
    ephemeral,
    scrub,
    explain: (error, context = 'other') => toAppError(error, context, scrub),
    close: async () => {
      if (closed) return;
      closed = true;
      await close?.();
    },
  };
}

/** Builds the SDK client for the selected provider (starting the local server when needed). */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const choice = selectProvider(options, env);
  const { provider } = choice;
  const reason = options.reason ?? choice.reason;
  const baseUrl = options.baseUrl !== undefined && options.baseUrl !== '' ? options.baseUrl : undefined;
  const maxRetries = Math.floor(numberFromEnv(env, 'FINE_TUNE_MAX_RETRIES') ?? SDK_RETRIES);
  switch (provider) {
    case 'openai': {
      const apiKey = required(env, 'OPENAI_API_KEY', 'openai');
      const client = new OpenAI({
        apiKey,
        maxRetries,
        baseURL: baseUrl ?? env.OPENAI_BASE_URL ?? null,
        organization: env.OPENAI_ORG_ID || null,
        project: env.OPENAI_PROJECT_ID || null,
      });
      return made(client, provider, reason, apiKey);
    }
    case 'azure': {
      const apiKey = required(env, 'AZURE_OPENAI_API_KEY', 'azure');
      const apiVersion = required(env, 'OPENAI_API_VERSION', 'azure');
      // Left unset, the SDK would read OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID from the
      // process for Azure too: an OpenAI base URL then clashes with the endpoint ("mutually
      // exclusive") and OpenAI organisation headers go to Azure. Azure takes only its own settings.
      const common = { apiKey, apiVersion, maxRetries, organization: null, project: null };
      const client = baseUrl
        ? new AzureOpenAI({ ...common, baseURL: baseUrl })
        : new AzureOpenAI({
            ...common,
            baseURL: null,
            endpoint: required(env, 'AZURE_OPENAI_ENDPOINT', 'azure'),
          });
      return made(client, provider, reason, apiKey);
    }
    case 'local':
      return connectLocal(baseUrl, reason, env, maxRetries, options.local ?? {});
  }
}

/**
 * One-shot calls (model lists, job creation, replies) ride out a brief 429/5xx/network blip with the
 * SDK's own backoff; follow and uploads pass `maxRetries: 0` and handle retries themselves.
 * FINE_TUNE_MAX_RETRIES overrides it (0 fails at once: scripts that retry on their own, tests).
 */
const SDK_RETRIES = 4;

async function connectLocal(
  baseUrl: string | undefined,
  reason: string,
  env: NodeJS.ProcessEnv,
  maxRetries: number,
  tuning: LocalServerTuning,
): Promise<Connection> {
  if (baseUrl) {
    // An already running `fine-tune serve`: its key comes from the environment, if it has one.
    const apiKey = env.FINE_TUNE_LOCAL_API_KEY || 'no-key';
    return made(new OpenAI({ apiKey, baseURL: baseUrl, maxRetries }), 'local', reason, apiKey);
  }
  const injectFaults = tuning.injectFaults ?? numberFromEnv(env, 'FINE_TUNE_INJECT_FAULTS');
  if (tuning.dataDir === undefined) {
    const { ensureLocalServer } = await import('./local-background.js');
    const server = await ensureLocalServer(localServerDir(env), { env, injectFaults });
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries });
    return made(client, 'local', reason, server.apiKey, true);
  }
  const { startLocalServer, DataDirBusyError } = await import('../server/index.js');
  const apiKey = `ftl-${randomBytes(24).toString('base64url')}`;
  // Unset, the server reads FINE_TUNE_LOCAL_STEP_MS itself (its pace for people watching).
  const stepDelayMs = tuning.stepDelayMs ?? numberFromEnv(env, 'FINE_TUNE_LOCAL_STEP_MS');
  const server = await startLocalServer({
    host: '127.0.0.1',
    port: 0,
    apiKey,
    dataDir: tuning.dataDir,
    ...(injectFaults !== undefined ? { injectFaults } : {}),
    ...(stepDelayMs !== undefined ? { stepDelayMs } : {}),
    ...(tuning.log ? { log: tuning.log } : {}),
  }).catch((error: unknown) => {
    if (!(error instanceof DataDirBusyError)) throw error;
    throw new UserError(
      `${error.message}. Stop it with \`fine-tune serve --stop\`, or use another directory.`,
    );
  });
  const client = new OpenAI({ apiKey, baseURL: server.baseURL, maxRetries });
  return made(client, 'local', reason, apiKey, true, () => server.close());
}
