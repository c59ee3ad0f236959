import { describe, expect, it } from 'vitest';
import { providerBadge, selectProvider, suggestedModel } from '../../src/api/provider.js';
import { UsageError } from '../../src/core/errors.js';

describe('provider selection', () => {
  it('uses --provider before everything else', () => {
    const env = { FINE_TUNE_PROVIDER: 'azure', OPENAI_API_KEY: 'sk-test-123456' };
    expect(selectProvider({ provider: 'local' }, env).provider).toBe('local');
  });

  it('then FINE_TUNE_PROVIDER, then openai when OPENAI_API_KEY is set', () => {
    expect(selectProvider({}, { FINE_TUNE_PROVIDER: 'Azure' }).provider).toBe('azure');
    expect(selectProvider({}, { OPENAI_API_KEY: 'sk-test-123456' }).provider).toBe('openai');
  });

  it('falls back to local, says why, and shows a "local" badge', () => {
    const choice = selectProvider({}, {});
    expect(choice.provider).toBe('local');
    expect(choice.reason).toMatch(/no provider key set/);
    expect(providerBadge(choice.provider)).toBe('local');
  });

  it('refuses an unknown provider name as bad usage', () => {
    expect(() => selectProvider({ provider: 'anthropic' }, {})).toThrow(UsageError);
    expect(() => selectProvider({}, { FINE_TUNE_PROVIDER: 'x' })).toThrow(/FINE_TUNE_PROVIDER/);
  });
});

describe('suggestedModel', () => {
  it('names a local model when the run would use the local provider', () => {
    expect(suggestedModel('davinci-002', {}, {})).toBe('local-small');
    expect(suggestedModel('davinci-002', {}, { OPENAI_API_KEY: 'sk-x' })).toBe('davinci-002');
    expect(suggestedModel('davinci-002', { provider: 'local' }, { OPENAI_API_KEY: 'sk-x' })).toBe(
      'local-small',
    );
  });
});
