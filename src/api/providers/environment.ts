import type { DataFormat } from '../../core/findings.js';
import { UserError } from '../../core/errors.js';
import type { ProviderName, ProviderProfile } from './profile.js';
import { configuredProviders, keyVarOf } from './select.js';
import { PROFILES } from './table.js';

/** What a row needs from the environment, read in one place so errors name the variable. */

/** The key for this row, or a UserError naming the variable to set. */
export function keyOf(profile: ProviderProfile, env: NodeJS.ProcessEnv): string {
  const name = keyVarOf(profile, env);
  const value = name === null ? undefined : env[name];
  if (value === undefined || value === '') {
    const names = profile.keyVars.join(' or ');
    throw new UserError(`${names} is not set (needed by the ${profile.name} provider).`);
  }
  return value;
}

/**
 * The base URL: `--base-url` as given, else the row's variable (plus its suffix: Azure's resource
 * endpoint becomes `…/openai/v1/`), else the row's default; a row without one names what to set.
 */
export function endpointOf(
  profile: ProviderProfile,
  baseUrl: string | undefined,
  env: NodeJS.ProcessEnv,
  suffix: string = profile.endpoint.suffix,
): string {
  if (baseUrl !== undefined && baseUrl !== '') return baseUrl;
  for (const name of profile.endpoint.envVars) {
    const value = env[name];
    if (value !== undefined && value !== '') {
      return suffix === '' ? value : `${value.replace(/\/+$/, '')}/${suffix}`;
    }
  }
  if (profile.endpoint.default !== null) return profile.endpoint.default;
  const names = [...profile.endpoint.envVars, '--base-url'].join(' or ');
  throw new UserError(
    `${names} is not set (needed by the ${profile.name} provider, e.g. ${profile.endpoint.example}).`,
  );
}

/**
 * The other providers configured here that can train data of this format now (the local provider
 * always can), in words: `azure (AZURE_OPENAI_API_KEY), together (TOGETHER_API_KEY) or local`.
 */
export function trainingAlternatives(
  current: ProviderName,
  env: NodeJS.ProcessEnv,
  format: DataFormat | null,
): string {
  const takes = (name: ProviderName) => format === null || PROFILES[name].files.formats.includes(format);
  const keyed = configuredProviders(env)
    .filter((name) => name !== current && takes(name))
    .map((name) => `${name} (${keyVarOf(PROFILES[name], env) ?? ''})`);
  const all = current === 'local' || !takes('local') ? keyed : [...keyed, 'local (this machine)'];
  if (all.length <= 1) return all.join('');
  return `${all.slice(0, -1).join(', ')} or ${all.at(-1) ?? ''}`;
}
