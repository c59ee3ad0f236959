import { describe, expect, it } from 'vitest';
import {
  FIELDS,
  fieldsOf,
  isTextField,
  optionOf,
  optionValue,
  profileOfStep,
} from '../../src/app/state/model-fields.js';
import { isJobAction } from '../../src/app/state/job-actions.js';
import { chosenSystemMessage, proposedSystemMessage } from '../../src/app/state/system-message.js';
import { PROFILES } from '../../src/api/providers/index.js';
import { makeAnalysis } from './helpers.js';

// Small derivations the model step and the review lean on: the fields by provider, the option values,
// which actions are the job's, and the system message a chat fix adds.

describe('the options phase by provider', () => {
  it("OpenAI until the provider answered, else the provider's own row", () => {
    expect(profileOfStep({ provider: null })).toBe(PROFILES.openai);
    expect(profileOfStep({ provider: { name: 'azure' } })).toBe(PROFILES.azure);
  });

  it("suffix and method first, the row's create options, the numbers, the corrections when found", () => {
    expect(FIELDS).toEqual(['suffix', 'method', 'epochs', 'batch', 'lr']);
    expect(fieldsOf(PROFILES.openai)).toEqual(['suffix', 'method', 'epochs', 'batch', 'lr']);
    expect(fieldsOf(PROFILES.azure, true)).toEqual([
      'suffix',
      'method',
      'option:trainingType',
      'epochs',
      'batch',
      'lr',
      'corrections',
    ]);
  });

  it('text fields are typed into; the method, options and corrections are not', () => {
    for (const f of ['suffix', 'epochs', 'batch', 'lr'] as const) expect(isTextField(f)).toBe(true);
    for (const f of ['method', 'corrections', 'option:trainingType'] as const)
      expect(isTextField(f)).toBe(false);
  });

  it('an option field names its option; others and unknown keys name none', () => {
    const azure = PROFILES.azure;
    expect(optionOf(azure, 'option:trainingType')).toBe(azure.createOptions[0]);
    expect(optionOf(azure, 'option:nothing')).toBeUndefined();
    expect(optionOf(azure, 'suffix')).toBeUndefined();
    // A field named like an option's key but without the prefix is not that option.
    expect(
      optionOf({ ...azure, createOptions: [{ ...azure.createOptions[0]!, key: 'suffix' }] }, 'suffix'),
    ).toBeUndefined();
  });

  it('an option is its default until changed', () => {
    const option = PROFILES.azure.createOptions[0]!;
    expect(optionValue({ options: {} }, option)).toBe('GlobalStandard');
    expect(optionValue({ options: { trainingType: 'Developer' } }, option)).toBe('Developer');
  });
});

describe('job actions and the system message', () => {
  it("tells the job's actions from the others", () => {
    expect(isJobAction({ type: 'choose-model' })).toBe(true);
    expect(isJobAction({ type: 'job-retry' })).toBe(true);
    expect(isJobAction({ type: 'open-eval' })).toBe(false);
    expect(isJobAction({ type: 'constructor' })).toBe(false);
  });

  it("proposes the chat plan's system message, and the user's own wins", () => {
    const plan = { kind: 'chat', context: { systemMessage: 'Proposed.' } } as never;
    const analysis = makeAnalysis({ plan });
    expect(proposedSystemMessage(analysis)).toBe('Proposed.');
    expect(proposedSystemMessage(makeAnalysis({ plan: { kind: 'other' } as never }))).toBeNull();
    expect(proposedSystemMessage(makeAnalysis())).toBeNull();
    const loaded = { analysis, columnMap: undefined, decisions: {}, dropped: [] };
    expect(chosenSystemMessage(loaded)).toBe('Proposed.');
    expect(chosenSystemMessage({ ...loaded, systemMessage: 'Mine.' })).toBe('Mine.');
  });
});
