import { startFakeApi, type FakeApi, type Handler, type SeenRequest } from './fake-api.js';
import { openAiLike, sendApiError, type Simulator } from './fake-providers.js';
import { together, TOGETHER_TUNED } from './fake-together.js';
import type { ProviderName } from '../../src/api/providers/index.js';

/**
 * One recording server playing every remote provider at once, each under its own prefix, with a
 * key per provider (Azure's 32 hex digits; the others bearer tokens), and the environment that
 * points each row at it. Tests may put a `fault` in front for error scenarios.
 */
export type Remote = Exclude<ProviderName, 'openai' | 'local'>;

export const KEYS: Record<Remote, string> = {
  azure: 'a2a2a2a2b3b3b3b3c4c4c4c4d5d5d5d5',
  nebius: 'nb-sim-key-0123456789abcdef',
  together: 'tg-sim-key-0123456789abcdef',
  compatible: 'cp-sim-key-0123456789abcdef',
};

export const PREFIX: Record<Remote, string> = {
  azure: '/azure/openai/v1/',
  nebius: '/nebius/v1/',
  together: '/together/v1/',
  compatible: '/compat/v1/',
};

export const AZURE_TUNED = 'gpt-4.1-2025-04-14.ft-0a1b2c3d4e5f';
export const NEBIUS_BASE = 'meta-llama/Meta-Llama-3.1-8B-Instruct';

const unix = (date: string) => Date.parse(`${date}T00:00:00Z`) / 1000;

export interface Sims {
  readonly api: FakeApi;
  /** Answers first when set: return true once it has answered. */
  fault: ((req: SeenRequest, res: Parameters<Handler>[1], provider: Remote) => boolean) | null;
  env(provider: Remote): NodeJS.ProcessEnv;
  /** The requests one provider received, paths relative to its prefix. */
  seen(provider: Remote): Array<SeenRequest & { readonly path: string }>;
  close(): Promise<void>;
}

export async function startSims(): Promise<Sims> {
  const simulators: Record<Remote, Simulator> = {
    // Azure's model list (Models - List, https://learn.microsoft.com/rest/api/azureopenai/models/list):
    // `capabilities`, `lifecycle_status`, `deprecation.fine_tune` / `.inference` in Unix seconds, and a
    // fine-tune naming its base and job.
    azure: openAiLike({
      tag: 'az',
      tunedName: () => AZURE_TUNED,
      chatModel: AZURE_TUNED,
      models: [
        {
          id: 'gpt-4.1-2025-04-14',
          object: 'model',
          created_at: 1_744_000_000,
          status: 'succeeded',
          lifecycle_status: 'generally-available',
          capabilities: { fine_tune: true, inference: true, chat_completion: true, completion: false },
          deprecation: { fine_tune: unix('2027-04-14'), inference: unix('2027-10-14') },
        },
        {
          id: 'gpt-4o-2024-08-06',
          object: 'model',
          created_at: 1_723_000_000,
          capabilities: { fine_tune: false, inference: true, chat_completion: true },
          deprecation: { inference: unix('2027-02-20') },
        },
        {
          id: AZURE_TUNED,
          object: 'model',
          created_at: 1_765_000_009,
          model: 'gpt-4.1-2025-04-14',
          fine_tune: 'ftjob-az1',
          capabilities: { fine_tune: true, inference: true, chat_completion: true },
          deprecation: { fine_tune: unix('2027-04-14'), inference: unix('2027-10-14') },
        },
      ],
    }).handle,
    // Nebius lists its models OpenAI's way; a job names no tuned model (its checkpoints are deployed).
    nebius: openAiLike({
      tag: 'nb',
      tunedName: () => null,
      chatModel: `${NEBIUS_BASE}-LoRa:topics-ab12`,
      models: [
        { id: NEBIUS_BASE, object: 'model', created: 1_721_000_000, owned_by: 'system' },
        { id: `${NEBIUS_BASE}-LoRa:topics-ab12`, object: 'model', created: 1_765_000_100, owned_by: 'you' },
        { id: 'BAAI/bge-en-icl', object: 'model', created: 1_721_000_000, owned_by: 'system' },
      ],
    }).handle,
    together: together().handle,
    compatible: openAiLike({
      tag: 'cp',
      tunedName: (job) => `ft:${String(job.body.model)}:sim::sim${job.id.replace(/\D/g, '')}`,
      chatModel: 'ft:tiny-base:sim::sim1',
      models: [{ id: 'tiny-base', object: 'model', created: 1, owned_by: 'sim' }],
    }).handle,
  };
  const remotes = Object.keys(PREFIX) as Remote[];
  const sims: Sims = {
    api: await startFakeApi((req, res) => {
      const provider = remotes.find((p) => req.url.pathname.startsWith(PREFIX[p]));
      if (provider === undefined) return sendApiError(res, 404, `no route ${req.url.pathname}`);
      if (sims.fault?.(req, res, provider)) return;
      const path = req.url.pathname.slice(PREFIX[provider].length);
      if (!simulators[provider](req, res, path)) sendApiError(res, 404, `no route ${req.method} ${path}`);
    }),
    fault: null,
    env(provider) {
      const origin = sims.api.origin;
      const common = { FINE_TUNE_PROVIDER: provider, FINE_TUNE_MAX_RETRIES: '0' };
      switch (provider) {
        case 'azure':
          return { ...common, AZURE_OPENAI_API_KEY: KEYS.azure, AZURE_OPENAI_ENDPOINT: `${origin}/azure/` };
        case 'nebius':
          return { ...common, NEBIUS_API_KEY: KEYS.nebius, NEBIUS_BASE_URL: `${origin}/nebius/v1/` };
        case 'together':
          return { ...common, TOGETHER_API_KEY: KEYS.together, TOGETHER_BASE_URL: `${origin}/together/v1` };
        case 'compatible':
          return { ...common, FINE_TUNE_API_KEY: KEYS.compatible, FINE_TUNE_BASE_URL: `${origin}/compat/v1` };
      }
    },
    seen(provider) {
      return sims.api.requests
        .filter((r) => r.url.pathname.startsWith(PREFIX[provider]))
        .map((r) => ({ ...r, path: r.url.pathname.slice(PREFIX[provider].length) }));
    },
    close: () => sims.api.close(),
  };
  return sims;
}

export { TOGETHER_TUNED };
