import { UsageError } from '../core/errors.js';

/**
 * Which provider a run talks to. All three speak the same wire format through the official SDK;
 * only how the client is built differs (see ./connect.ts).
 */
export const PROVIDERS = ['openai', 'azure', 'local'] as const;
export type ProviderName = (typeof PROVIDERS)[number];

export interface ProviderFlags {
  readonly provider?: string | undefined;
  readonly baseUrl?: string | undefined;
}

export interface ProviderChoice {
  readonly provider: ProviderName;
  /** Why this provider was picked, in words (shown next to the badge). */
  readonly reason: string;
}

function parseName(value: string, source: string): ProviderName {
  const name = value.trim().toLowerCase();
  if ((PROVIDERS as readonly string[]).includes(name)) return name as ProviderName;
  throw new UsageError(`${source}: unknown provider "${value}" (use openai, azure or local)`);
}

/** `--provider`, else `FINE_TUNE_PROVIDER`, else openai when a key is set, else local. */
export function selectProvider(flags: ProviderFlags, env: NodeJS.ProcessEnv = process.env): ProviderChoice {
  if (flags.provider !== undefined && flags.provider !== '') {
    return { provider: parseName(flags.provider, '--provider'), reason: 'chosen with --provider' };
  }
  const fromEnv = env.FINE_TUNE_PROVIDER;
  if (fromEnv !== undefined && fromEnv !== '') {
    return {
      provider: parseName(fromEnv, 'FINE_TUNE_PROVIDER'),
      reason: 'chosen with FINE_TUNE_PROVIDER',
    };
  }
  if (env.OPENAI_API_KEY !== undefined && env.OPENAI_API_KEY !== '') {
    return { provider: 'openai', reason: 'OPENAI_API_KEY is set' };
  }
  return {
    provider: 'local',
    reason: 'no OPENAI_API_KEY set: training a small model on this machine',
  };
}

/** The short label shown next to everything provider-specific (the "local" badge). */
export function providerBadge(provider: ProviderName): string {
  switch (provider) {
    case 'openai':
      return 'OpenAI';
    case 'azure':
      return 'Azure OpenAI';
    case 'local':
      return 'local';
  }
}

/**
 * The model to suggest for the next `fine-tune create`: the one the data was costed for, unless
 * the run would use the local provider, whose models are `local-*`.
 */
export function suggestedModel(
  model: string,
  flags: ProviderFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  try {
    return selectProvider(flags, env).provider === 'local' ? 'local-small' : model;
  } catch {
    return model;
  }
}
