import { UsageError } from '../../core/errors.js';
import { PROVIDER_NAMES, type ProviderName, type ProviderProfile } from './profile.js';
import { PROFILES } from './table.js';

export interface ProviderFlags {
  readonly provider?: string | undefined;
  readonly baseUrl?: string | undefined;
}

export interface ProviderChoice {
  readonly provider: ProviderName;
  /** Why this provider was picked, in words (shown next to the badge). */
  readonly reason: string;
}

/** Either a provider, or several configured ones and nothing that picks one (the wizard asks). */
export type Selection =
  | { readonly kind: 'chosen'; readonly choice: ProviderChoice }
  | { readonly kind: 'ask'; readonly candidates: readonly ProviderName[]; readonly fallback: ProviderChoice };

const set = (env: NodeJS.ProcessEnv, name: string): boolean => {
  const value = env[name];
  return value !== undefined && value !== '';
};

/** The first key variable of the row that is set, or null. */
export function keyVarOf(profile: ProviderProfile, env: NodeJS.ProcessEnv): string | null {
  return profile.keyVars.find((name) => set(env, name)) ?? null;
}

/** Providers with a key in the environment, in the table's order (the local provider needs none). */
export function configuredProviders(env: NodeJS.ProcessEnv = process.env): ProviderName[] {
  return PROVIDER_NAMES.filter((name) => PROFILES[name].keyVars.length > 0 && keyVarOf(PROFILES[name], env));
}

export function parseProviderName(value: string, source: string): ProviderName {
  const name = value.trim().toLowerCase();
  if ((PROVIDER_NAMES as readonly string[]).includes(name)) return name as ProviderName;
  throw new UsageError(`${source}: unknown provider "${value}" (use ${PROVIDER_NAMES.join(', ')})`);
}

const keysOf = (names: readonly ProviderName[], env: NodeJS.ProcessEnv): string =>
  names.map((name) => keyVarOf(PROFILES[name], env) ?? name).join(', ');

/**
 * `--provider`, else `FINE_TUNE_PROVIDER`, else the one provider with a key, else the choice
 * remembered for this folder when several have keys (or a question), else local.
 */
export function resolveProvider(
  flags: ProviderFlags,
  env: NodeJS.ProcessEnv = process.env,
  remembered: ProviderName | null = null,
): Selection {
  const chosen = (provider: ProviderName, reason: string): Selection => ({
    kind: 'chosen',
    choice: { provider, reason },
  });
  if (flags.provider !== undefined && flags.provider !== '') {
    return chosen(parseProviderName(flags.provider, '--provider'), 'chosen with --provider');
  }
  const fromEnv = env.FINE_TUNE_PROVIDER;
  if (fromEnv !== undefined && fromEnv !== '') {
    return chosen(parseProviderName(fromEnv, 'FINE_TUNE_PROVIDER'), 'chosen with FINE_TUNE_PROVIDER');
  }
  const candidates = configuredProviders(env);
  const [first] = candidates;
  if (first === undefined) {
    return chosen('local', 'no provider key set: training a small model on this machine');
  }
  if (candidates.length === 1) return chosen(first, `${keysOf([first], env)} is set`);
  if (remembered !== null && candidates.includes(remembered)) {
    return chosen(remembered, `chosen for this folder (keys set: ${keysOf(candidates, env)})`);
  }
  return {
    kind: 'ask',
    candidates,
    fallback: {
      provider: first,
      reason: `several keys are set (${keysOf(candidates, env)}): using ${first}; pick one with --provider`,
    },
  };
}

/** The provider a plain command uses: as `resolveProvider`, the first configured one when several are. */
export function selectProvider(
  flags: ProviderFlags,
  env: NodeJS.ProcessEnv = process.env,
  remembered: ProviderName | null = null,
): ProviderChoice {
  const selection = resolveProvider(flags, env, remembered);
  return selection.kind === 'chosen' ? selection.choice : selection.fallback;
}

/**
 * The model to suggest for the next `fine-tune create`: the one the data was costed for when the
 * provider trains it, else the row's own suggestion (local runs train `local-*` models).
 */
export function suggestedModel(
  model: string,
  flags: ProviderFlags = {},
  env: NodeJS.ProcessEnv = process.env,
): string {
  try {
    const profile = PROFILES[selectProvider(flags, env).provider];
    if (profile.onThisMachine) return 'local-small';
    const trains = profile.anyModelIsBase || profile.baseModels.some((rule) => rule.pattern.test(model));
    return trains ? model : (profile.retrainModel ?? model);
  } catch {
    return model;
  }
}

/** The short label shown next to everything provider-specific (`[Azure OpenAI]`). */
export function providerBadge(provider: ProviderName): string {
  return PROFILES[provider].label;
}
