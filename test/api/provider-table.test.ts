import { describe, expect, it } from 'vitest';
import { buildCreateParams, hyperparameterProblems, suffixProblem } from '../../src/api/jobs.js';
import {
  PROFILES,
  PROVIDER_NAMES,
  configuredProviders,
  resolveProvider,
  selectProvider,
  unsupportedSentence,
} from '../../src/api/providers/index.js';
import { trainingAlternatives } from '../../src/api/providers/environment.js';
import { toCreateBody } from '../../src/api/providers/together.js';
import { fitProblems } from '../../src/core/provider-fit.js';

describe('the provider table', () => {
  it('has a row per provider, each naming its reference and what it needs', () => {
    for (const name of PROVIDER_NAMES) {
      const row = PROFILES[name];
      expect(row.name).toBe(name);
      expect(row.reference).not.toBe('');
      // Only the local provider makes its own key.
      expect(row.keyVars.length > 0).toBe(!row.onThisMachine);
      expect(row.supports.methods).toContain('supervised');
    }
  });

  it('chooses by flag, then FINE_TUNE_PROVIDER, then the one key set, then local', () => {
    const env = { FINE_TUNE_PROVIDER: 'nebius', TOGETHER_API_KEY: 't' };
    expect(selectProvider({ provider: 'azure' }, env).provider).toBe('azure');
    expect(selectProvider({}, env).provider).toBe('nebius');
    expect(selectProvider({}, { TOGETHER_API_KEY: 't' })).toEqual({
      provider: 'together',
      reason: 'TOGETHER_API_KEY is set',
    });
    expect(selectProvider({}, { TOGETHER_API_KEY: '' }).provider).toBe('local');
    expect(configuredProviders({ FINE_TUNE_API_KEY: 'k', AZURE_OPENAI_API_KEY: 'a' })).toEqual([
      'azure',
      'compatible',
    ]);
  });

  it('asks when several keys are set, unless the folder remembers a choice among them', () => {
    const env = { OPENAI_API_KEY: 'sk-x', NEBIUS_API_KEY: 'n' };
    const asked = resolveProvider({}, env);
    expect(asked).toMatchObject({ kind: 'ask', candidates: ['openai', 'nebius'] });
    // A plain command cannot ask: it takes the first and says how to choose.
    expect(selectProvider({}, env).reason).toMatch(
      /several keys are set \(OPENAI_API_KEY, NEBIUS_API_KEY\).*--provider/,
    );
    expect(resolveProvider({}, env, 'nebius')).toMatchObject({
      kind: 'chosen',
      choice: { provider: 'nebius' },
    });
    // A remembered provider whose key is gone is not used.
    expect(resolveProvider({}, env, 'together').kind).toBe('ask');
  });

  it('checks suffixes by the row: Azure takes no dots and at most 40, OpenAI both', () => {
    expect(suffixProblem('v1.2', PROFILES.azure)).toMatch(/letters, digits, - _ \(no dots\) on Azure OpenAI/);
    expect(suffixProblem('v1-2', PROFILES.azure)).toBeNull();
    expect(suffixProblem('v1.2', PROFILES.openai)).toBeNull();
    expect(suffixProblem('x'.repeat(41), PROFILES.azure)).toMatch(/at most 40/);
    expect(suffixProblem('x'.repeat(40), PROFILES.azure)).toBeNull();
  });

  it('checks hyperparameters by the row: a multiplier above 0, or a rate at most 1', () => {
    expect(hyperparameterProblems({ learningRate: 5 }, PROFILES.openai)).toEqual([]);
    expect(hyperparameterProblems({ learningRate: 5 }, PROFILES.nebius)).toEqual([
      'learning rate must be above 0 and at most 1',
    ]);
    expect(hyperparameterProblems({ learningRate: 1 }, PROFILES.nebius)).toEqual([]);
    expect(hyperparameterProblems({ nEpochs: 0 }, PROFILES.together, 'flag')).toEqual([
      '--epochs must be a whole number from 1 to 50',
    ]);
  });

  it("writes each row's create body: Azure's training type, Nebius's names, no `auto` where it is not taken", () => {
    const input = {
      model: 'm',
      trainingFile: 'file-1',
      hyperparameters: { nEpochs: 2, batchSize: 'auto', learningRate: 'auto' },
    } as const;
    expect(buildCreateParams(input, PROFILES.azure)).toMatchObject({
      trainingType: 'GlobalStandard',
      method: {
        supervised: {
          hyperparameters: { n_epochs: 2, batch_size: 'auto', learning_rate_multiplier: 'auto' },
        },
      },
    });
    expect(
      buildCreateParams({ ...input, options: { trainingType: 'Standard' } }, PROFILES.azure),
    ).toMatchObject({
      trainingType: 'Standard',
    });
    const nebius = buildCreateParams({ ...input, options: { lora: 'full' } }, PROFILES.nebius);
    expect(nebius.method?.supervised?.hyperparameters).toEqual({ n_epochs: 2, lora: false });
    expect(buildCreateParams(input, PROFILES.openai)).not.toHaveProperty('trainingType');
  });

  it("puts the create body in Together's words", () => {
    const body = buildCreateParams(
      {
        model: 'm',
        trainingFile: 'f',
        method: 'dpo',
        hyperparameters: { beta: 0.2, nEpochs: 1 },
        options: { trainingType: 'full' },
      },
      PROFILES.together,
    );
    expect(toCreateBody(body as unknown as Record<string, unknown>)).toEqual({
      model: 'm',
      training_file: 'f',
      n_epochs: 1,
      training_method: { method: 'dpo', dpo_beta: 0.2 },
      training_type: { type: 'Full' },
    });
  });

  it('says plainly what a row cannot do', () => {
    expect(unsupportedSentence(PROFILES.together, 'pauseResume')).toBe(
      'Together AI cannot pause or resume a job (a running job can be cancelled, or left to finish).',
    );
  });

  it('names the configured providers that can train the data, by format', () => {
    const env = { TOGETHER_API_KEY: 't', AZURE_OPENAI_API_KEY: 'a' };
    expect(trainingAlternatives('openai', env, 'chat')).toBe(
      'azure (AZURE_OPENAI_API_KEY), together (TOGETHER_API_KEY) or local (this machine)',
    );
    // Azure trains chat and preference data only; the local provider no preference data.
    expect(trainingAlternatives('openai', env, 'prompt-completion')).toBe(
      'together (TOGETHER_API_KEY) or local (this machine)',
    );
    expect(trainingAlternatives('openai', env, 'preference')).toBe(
      'azure (AZURE_OPENAI_API_KEY) or together (TOGETHER_API_KEY)',
    );
    expect(trainingAlternatives('local', {}, null)).toBe('');
  });
});

describe('data fit per provider', () => {
  const facts = { examples: 10, bytes: 1000, format: 'chat' } as const;

  it('needs the minimum examples, and no more', () => {
    expect(fitProblems('Azure OpenAI', PROFILES.azure.files, facts)).toEqual([]);
    expect(fitProblems('Azure OpenAI', PROFILES.azure.files, { ...facts, examples: 9 })).toEqual([
      {
        id: 'too-few-examples',
        level: 'blocker',
        message: 'Azure OpenAI needs at least 10 training examples; this data has 9.',
      },
    ]);
  });

  it('refuses a file over the size one upload takes', () => {
    const limit = PROFILES.azure.files.maxBytes;
    expect(fitProblems('Azure OpenAI', PROFILES.azure.files, { ...facts, bytes: limit })).toEqual([]);
    expect(fitProblems('Azure OpenAI', PROFILES.azure.files, { ...facts, bytes: limit + 1 })[0]?.id).toBe(
      'file-too-large',
    );
    expect(
      fitProblems('Azure OpenAI', PROFILES.azure.files, { ...facts, bytes: limit * 2 })[0]?.message,
    ).toBe('Azure OpenAI takes files of at most 512 MB; this one is 1 GB.');
  });

  it('offers the chat conversion where only chat is taken, and refuses what cannot convert', () => {
    expect(
      fitProblems('Azure OpenAI', PROFILES.azure.files, { ...facts, format: 'prompt-completion' }),
    ).toEqual([expect.objectContaining({ id: 'convert-to-chat', level: 'fix' })]);
    expect(fitProblems('Nebius', PROFILES.nebius.files, { ...facts, format: 'prompt-completion' })).toEqual(
      [],
    );
    expect(fitProblems('Nebius', PROFILES.nebius.files, { ...facts, format: 'preference' })).toEqual([
      expect.objectContaining({ id: 'format-not-taken', level: 'blocker' }),
    ]);
  });
});
