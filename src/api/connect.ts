import { randomBytes } from 'node:crypto';
import OpenAI, { AzureOpenAI } from 'openai';
import { UserError } from '../core/errors.js';
import { localServerDir } from '../store/paths.js';
import { scrubSecrets, toAppError, type AppError, type ErrorContext, type ErrorExtra } from './errors.js';
import { PROFILES, type ProviderName, type ProviderProfile } from './providers/index.js';
import { endpointOf, keyOf, trainingAlternatives } from './providers/environment.js';
import { selectProvider, type ProviderFlags } from './providers/select.js';
import { togetherFetch } from './providers/together.js';

/** One live connection to a provider. The key stays inside: it is never a field of this object. */
export interface Connection {
  readonly client: OpenAI;
  readonly provider: ProviderName;
  /** The provider's row: what it supports, its rules and names. */
  readonly profile: ProviderProfile;
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
  explain(error: unknown, context?: ErrorContext, extra?: ErrorExtra): AppError;
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
  /** The provider remembered for this folder, used when several keys are set. */
  readonly remembered?: ProviderName | null;
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
  profile: ProviderProfile,
  reason: string,
  key: string,
  env: NodeJS.ProcessEnv,
  ephemeral = false,
  close?: () => Promise<void>,
): Connection {
  let closed = false;
  const scrub = (text: string) => scrubSecrets(text, [key]);
  return {
    client,
    provider: profile.name,
    profile,
    baseURL: client.baseURL,
    reason,
    ephemeral,
    scrub,
    explain: (error, context = 'other', extra = {}) =>
      toAppError(error, context, scrub, {
        profile,
        alternatives: trainingAlternatives(profile.name, env, extra.dataFormat ?? null),
        ...extra,
      }),
    close: async () => {
      if (closed) return;
      closed = true;
      await close?.();
    },
  };
}

/**
 * One-shot calls (model lists, job creation, replies) ride out a brief 429/5xx/network blip with the
 * SDK's own backoff; follow and uploads pass `maxRetries: 0` and handle retries themselves.
 * FINE_TUNE_MAX_RETRIES overrides it (0 fails at once: scripts that retry on their own, tests).
 */
const SDK_RETRIES = 4;

/** Builds the SDK client for the selected provider's row (starting the local server when needed). */
export async function connect(options: ConnectOptions = {}): Promise<Connection> {
  const env = options.env ?? process.env;
  const choice = selectProvider(options, env, options.remembered ?? null);
  const profile = PROFILES[choice.provider];
  const reason = options.reason ?? choice.reason;
  const baseUrl = options.baseUrl !== undefined && options.baseUrl !== '' ? options.baseUrl : undefined;
  const maxRetries = Math.floor(numberFromEnv(env, 'FINE_TUNE_MAX_RETRIES') ?? SDK_RETRIES);
  if (profile.wire === 'local') {
    return connectLocal(profile, baseUrl, reason, env, maxRetries, options.local ?? {});
  }
  const apiKey = keyOf(profile, env);
  // Left unset, the SDK reads OPENAI_BASE_URL, OPENAI_ORG_ID and OPENAI_PROJECT_ID from the process
  // for every provider: an OpenAI base URL would then pull Azure's requests elsewhere and OpenAI's
  // organisation headers would go to Together. Each row takes only its own settings.
  const organization = profile.orgVars ? env[profile.orgVars.organization] || null : null;
  const project = profile.orgVars ? env[profile.orgVars.project] || null : null;
  const version = profile.legacyVersionVar ? env[profile.legacyVersionVar] : undefined;
  if (version) {
    // Azure's older surface: `/openai/deployments/…?api-version=…`, when OPENAI_API_VERSION asks for it.
    const common = { apiKey, apiVersion: version, maxRetries, organization: null, project: null };
    const client = baseUrl
      ? new AzureOpenAI({ ...common, baseURL: baseUrl })
      : new AzureOpenAI({ ...common, baseURL: null, endpoint: endpointOf(profile, undefined, env, '') });
    return made(client, profile, reason, apiKey, env);
  }
  const baseURL = endpointOf(profile, baseUrl, env);
  const client = new OpenAI({
    apiKey,
    baseURL,
    maxRetries,
    organization,
    project,
    // Azure reads its key from `api-key`; no bearer token goes with it.
    ...(profile.auth === 'api-key' ? { defaultHeaders: { Authorization: null, 'api-key': apiKey } } : {}),
    ...(profile.wire === 'together' ? { fetch: togetherFetch(baseURL) } : {}),
  });
  return made(client, profile, reason, apiKey, env);
}

async function connectLocal(
  profile: ProviderProfile,
  baseUrl: string | undefined,
  reason: string,
  env: NodeJS.ProcessEnv,
  maxRetries: number,
  tuning: LocalServerTuning,
): Promise<Connection> {
  if (baseUrl) {
    // An already running `fine-tune serve`: its key comes from the environment, if it has one.
    const apiKey = env.FINE_TUNE_LOCAL_API_KEY || 'no-key';
    return made(new OpenAI({ apiKey, baseURL: baseUrl, maxRetries }), profile, reason, apiKey, env);
  }
  const injectFaults = tuning.injectFaults ?? numberFromEnv(env, 'FINE_TUNE_INJECT_FAULTS');
  if (tuning.dataDir === undefined) {
    const { ensureLocalServer } = await import('./local-background.js');
    const server = await ensureLocalServer(localServerDir(env), { env, injectFaults });
    const client = new OpenAI({ apiKey: server.apiKey, baseURL: server.baseURL, maxRetries });
    return made(client, profile, reason, server.apiKey, env, true);
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
  return made(client, profile, reason, apiKey, env, true, () => server.close());
}
