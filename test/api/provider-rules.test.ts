import { describe, expect, it } from 'vitest';
import { UsageError, UserError } from '../../src/core/errors.js';
import { requireSupport } from '../../src/api/providers/capabilities.js';
import { endpointOf, keyOf, trainingAlternatives } from '../../src/api/providers/environment.js';
import {
  configuredProviders,
  parseProviderName,
  providerBadge,
  resolveProvider,
  selectProvider,
  suggestedModel,
} from '../../src/api/providers/select.js';
import { PROFILES, profileOf } from '../../src/api/providers/table.js';

// What each provider row needs from the environment and what the user reads when it is missing:
// the key and base URL (each error names the variable to set), which provider is used and why (the
// reason shown beside the badge), and what the row cannot do. Pure: environments are plain objects.

function userError(run: () => unknown): UserError {
  try {
    run();
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error('no error');
}

describe('the key', () => {
  it("is the row's first variable that is set", () => {
    expect(keyOf(PROFILES.openai, { OPENAI_API_KEY: 'sk-1' })).toBe('sk-1');
    expect(keyOf(PROFILES.together, { TOGETHER_API_KEY: 't', OPENAI_API_KEY: 'sk' })).toBe('t');
  });

  it('is refused, naming the variable, when unset or empty', () => {
    for (const env of [{}, { OPENAI_API_KEY: '' }, { TOGETHER_API_KEY: 't' }]) {
      const error = userError(() => keyOf(PROFILES.openai, env));
      expect(error.message).toBe('OPENAI_API_KEY is not set (needed by the openai provider).');
    }
    expect(userError(() => keyOf(PROFILES.local, {})).message).toBe(
      ' is not set (needed by the local provider).',
    );
  });
});

describe('the base URL', () => {
  it('is --base-url as given, before any variable', () => {
    const env = { OPENAI_BASE_URL: 'http://env/v1' };
    expect(endpointOf(PROFILES.openai, 'http://flag/v1', env)).toBe('http://flag/v1');
    expect(endpointOf(PROFILES.openai, '', env)).toBe('http://env/v1');
  });

  it("is the row's variable, with Azure's suffix added after one slash", () => {
    expect(endpointOf(PROFILES.openai, undefined, { OPENAI_BASE_URL: 'http://proxy/v1/' })).toBe(
      'http://proxy/v1/',
    );
    for (const endpoint of [
      'https://r.openai.azure.com',
      'https://r.openai.azure.com/',
      'https://r.openai.azure.com//',
    ]) {
      expect(endpointOf(PROFILES.azure, undefined, { AZURE_OPENAI_ENDPOINT: endpoint })).toBe(
        'https://r.openai.azure.com/openai/v1/',
      );
    }
    expect(endpointOf(PROFILES.azure, undefined, { AZURE_OPENAI_ENDPOINT: 'https://r/' }, 'other/')).toBe(
      'https://r/other/',
    );
  });

  it("is the row's default when nothing is set, and an empty variable counts as unset", () => {
    expect(endpointOf(PROFILES.openai, undefined, {})).toBe('https://api.openai.com/v1');
    expect(endpointOf(PROFILES.together, undefined, { TOGETHER_BASE_URL: '' })).toBe(
      'https://api.together.xyz/v1',
    );
  });

  it('is refused for a row without a default, naming what to set and an example', () => {
    for (const env of [{}, { AZURE_OPENAI_ENDPOINT: '' }]) {
      expect(userError(() => endpointOf(PROFILES.azure, undefined, env)).message).toBe(
        'AZURE_OPENAI_ENDPOINT or --base-url is not set (needed by the azure provider, e.g. https://RESOURCE.openai.azure.com/).',
      );
    }
    expect(userError(() => endpointOf(PROFILES.compatible, '', {})).message).toBe(
      'FINE_TUNE_BASE_URL or --base-url is not set (needed by the compatible provider, e.g. https://HOST/v1).',
    );
  });
});

describe('choosing the provider', () => {
  it('reads a provider name whatever its case and spaces, and refuses an unknown one as bad usage', () => {
    expect(parseProviderName('  Together ', '--provider')).toBe('together');
    let error: unknown;
    try {
      parseProviderName('openia', 'FINE_TUNE_PROVIDER');
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(UsageError);
    expect((error as Error).message).toBe(
      'FINE_TUNE_PROVIDER: unknown provider "openia" (use openai, azure, nebius, together, compatible, local)',
    );
  });

  it('says why each provider was chosen', () => {
    const keyed = { TOGETHER_API_KEY: 't' };
    expect(selectProvider({ provider: 'azure' }, keyed)).toEqual({
      provider: 'azure',
      reason: 'chosen with --provider',
    });
    expect(selectProvider({}, { ...keyed, FINE_TUNE_PROVIDER: 'nebius' })).toEqual({
      provider: 'nebius',
      reason: 'chosen with FINE_TUNE_PROVIDER',
    });
    expect(selectProvider({}, {})).toEqual({
      provider: 'local',
      reason: 'no provider key set: training a small model on this machine',
    });
    const several = { OPENAI_API_KEY: 'sk', NEBIUS_API_KEY: 'n' };
    expect(selectProvider({}, several, 'nebius')).toEqual({
      provider: 'nebius',
      reason: 'chosen for this folder (keys set: OPENAI_API_KEY, NEBIUS_API_KEY)',
    });
  });

  it('treats an empty --provider or FINE_TUNE_PROVIDER as not given', () => {
    const keyed = { TOGETHER_API_KEY: 't' };
    expect(selectProvider({ provider: '' }, keyed).provider).toBe('together');
    expect(selectProvider({}, { ...keyed, FINE_TUNE_PROVIDER: '' }).provider).toBe('together');
  });

  it('asks when several keys are set and nothing was remembered', () => {
    const several = { OPENAI_API_KEY: 'sk', NEBIUS_API_KEY: 'n' };
    expect(resolveProvider({}, several, null)).toMatchObject({
      kind: 'ask',
      candidates: ['openai', 'nebius'],
    });
    expect(resolveProvider({}, several, 'local').kind).toBe('ask');
  });

  it('counts only rows that take a key (the local provider never is "configured")', () => {
    expect(configuredProviders({})).toEqual([]);
    expect(configuredProviders({ OPENAI_API_KEY: 'sk' })).toEqual(['openai']);
  });

  it("labels each provider's badge", () => {
    expect(providerBadge('azure')).toBe('Azure OpenAI');
    expect(profileOf('together').label).toBe('Together AI');
  });
});

describe('the suggested model', () => {
  it('keeps a model the provider trains, else suggests the row’s own, and any model for a compatible server', () => {
    expect(suggestedModel('gpt-4.1-mini-2025-04-14', { provider: 'openai' }, {})).toBe(
      'gpt-4.1-mini-2025-04-14',
    );
    expect(suggestedModel('llama-3', { provider: 'azure' }, {})).toBe('gpt-4.1-2025-04-14');
    expect(suggestedModel('gpt-4.1-2025-04-14', { provider: 'azure' }, {})).toBe('gpt-4.1-2025-04-14');
    expect(suggestedModel('my-own-model', { provider: 'compatible' }, {})).toBe('my-own-model');
    expect(suggestedModel('davinci-002', { provider: 'openai' }, {})).toBe('davinci-002');
    expect(suggestedModel('unknown-model', { provider: 'openai' }, {})).toBe('unknown-model');
  });

  it('keeps the model as given when the provider cannot be chosen', () => {
    expect(suggestedModel('davinci-002', { provider: 'nope' }, {})).toBe('davinci-002');
  });
});

describe('what a row cannot do', () => {
  it('is refused with the sentence, and what it can do passes', () => {
    expect(() => requireSupport(PROFILES.openai, 'pauseResume')).not.toThrow();
    expect(userError(() => requireSupport(PROFILES.together, 'deleteModels')).message).toBe(
      "Together AI cannot delete a fine-tuned model through its API (use the provider's console).",
    );
  });
});

describe('the other providers that can train the data', () => {
  it('lists one alone, two with "or", and none as nothing', () => {
    expect(trainingAlternatives('local', { TOGETHER_API_KEY: 't' }, 'chat')).toBe(
      'together (TOGETHER_API_KEY)',
    );
    expect(trainingAlternatives('together', { TOGETHER_API_KEY: 't' }, 'chat')).toBe('local (this machine)');
    expect(trainingAlternatives('together', { TOGETHER_API_KEY: 't' }, 'preference')).toBe('');
    expect(trainingAlternatives('openai', { OPENAI_API_KEY: 'sk' }, null)).toBe('local (this machine)');
  });
});
