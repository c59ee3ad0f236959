import { describe, expect, it } from 'vitest';
import {
  chosenModel,
  costOf,
  createCommandLine,
  dataFit,
  defaultSuffix,
  examplesOf,
  fieldProblems,
  fitOf,
  hyperparameters,
  initialModelStep,
  jobInput,
  methodsFor,
  preparedFiles,
  type ModelStep,
} from '../../src/app/state/model-step.js';
import type { ProviderName } from '../../src/api/providers/index.js';
import { MODELS, writeResult } from './job-fixtures.js';
import { makeAnalysis } from './helpers.js';

// The model step's derivations, called directly: what the job would train on, what the user typed
// that a provider refuses, the command shown, and the cost. Steps are built inside each test.

const analysis = (over: Parameters<typeof makeAnalysis>[0] = {}) =>
  makeAnalysis({ input: '/data/tickets.csv', dataFormat: 'prompt-completion', ...over });
const step = (over: Partial<ModelStep> = {}, provider: ProviderName = 'openai'): ModelStep => ({
  ...initialModelStep(analysis(), writeResult('/data/t_train.jsonl', '/data/t_valid.jsonl')),
  provider: { name: provider, reason: 'key set' },
  ...over,
});
const show = (path: string) => `./${path.split('/').pop() ?? ''}`;

describe('the step as it opens', () => {
  it('trains on the written train file and its validation file, with the data format', () => {
    const s = initialModelStep(analysis(), writeResult('/data/t_train.jsonl', '/data/t_valid.jsonl'));
    expect(s).toMatchObject({
      phase: 'pick',
      suffix: 'tickets',
      method: 'supervised',
      provider: null,
      today: '',
    });
    expect(s.files).toEqual({
      train: '/data/t_train.jsonl',
      valid: '/data/t_valid.jsonl',
      format: 'prompt-completion',
      separator: ' ->',
      stop: '\n',
      systemPrompt: null,
    });
  });

  it('preference data starts on DPO; a single output is `all`; nothing written falls back to the input', () => {
    const s = initialModelStep(analysis({ dataFormat: 'preference' }), writeResult('/data/all.jsonl'));
    expect(s.method).toBe('dpo');
    expect(s.files).toMatchObject({ train: '/data/all.jsonl', valid: null, format: 'preference' });
    const both = writeResult('/data/t_train.jsonl', '/data/t_valid.jsonl');
    const validFirst = { ...both, outputs: [...both.outputs].reverse() };
    expect(preparedFiles(analysis(), validFirst)).toMatchObject({
      train: '/data/t_train.jsonl',
      valid: '/data/t_valid.jsonl',
    });
    const none = { ...writeResult('/x.jsonl'), outputs: [] };
    expect(preparedFiles(analysis(), none)).toMatchObject({ train: '/data/tickets.csv', valid: null });
  });

  it('makes a suffix from the file name, cleaned and at most 40 characters', () => {
    expect(defaultSuffix('/a/support tickets!.v2.csv')).toBe('support-tickets-.v2');
    expect(defaultSuffix('--weird--.csv')).toBe('weird');
    expect(defaultSuffix('a  b.csv')).toBe('a-b');
    expect(defaultSuffix('noext')).toBe('noext');
    expect(defaultSuffix(`/d/${'a'.repeat(50)}.csv`)).toBe('a'.repeat(40));
  });
});

describe('models and data', () => {
  it('a model fits the format it takes, converts prompt/completion to chat, else does not', () => {
    const chat = { ...MODELS[0]!, formats: ['chat' as const] };
    expect(fitOf(chat, 'chat')).toBe('fits');
    expect(fitOf(chat, 'prompt-completion')).toBe('convert');
    expect(fitOf(chat, 'preference')).toBe('no');
    expect(fitOf({ ...chat, formats: ['preference'] }, 'prompt-completion')).toBe('no');
  });

  it('the chosen model is the one under the cursor, none before the list loads', () => {
    expect(chosenModel(step({ models: MODELS, cursor: 1 }))).toBe(MODELS[1]);
    expect(chosenModel(step())).toBeUndefined();
  });

  it('counts the corrections in the examples only while they are included', () => {
    const corrections = { path: '/data/c.jsonl', rows: 5 };
    expect(examplesOf(step())).toBe(32);
    expect(examplesOf(step({ corrections }))).toBe(37);
    expect(examplesOf(step({ corrections, includeCorrections: false }))).toBe(32);
  });

  it('blocks too few examples for the provider, and only then', () => {
    const few = {
      ...writeResult('/t.jsonl'),
      outputs: [{ path: '/t.jsonl', role: 'all' as const, examples: 9 }],
    };
    const s = step({ result: few });
    expect(dataFit(s).map((p) => p.id)).toContain('too-few-examples');
    expect(fieldProblems(s).data).toMatch(/at least 10 training examples; this data has 9/);
    // Nine plus one correction is enough.
    const more = step({ result: few, corrections: { path: 'c', rows: 1 } });
    expect(fieldProblems(more).data).toBeUndefined();
    expect(fieldProblems(step())).toEqual({});
    // Azure takes no prompt/completion data: a problem, but not the one this field shows.
    expect(dataFit(step({}, 'azure')).length).toBeGreaterThan(0);
    expect(fieldProblems(step({}, 'azure')).data).toBeUndefined();
  });
});

describe('what the user typed', () => {
  it('reads empty as auto and anything else as a number, spaces trimmed', () => {
    expect(hyperparameters(step({ epochs: ' 3 ', batch: '', lr: '0.5' }))).toEqual({
      nEpochs: 3,
      batchSize: 'auto',
      learningRate: 0.5,
    });
    expect(hyperparameters(step({ epochs: '  ' })).nEpochs).toBe('auto');
  });

  it('names each field a provider refuses, the suffix only when typed', () => {
    expect(fieldProblems(step({ suffix: '' }))).toEqual({});
    expect(fieldProblems(step({ suffix: 'a'.repeat(65) })).suffix).toMatch(/65 characters long/);
    // Azure takes no dots; OpenAI does.
    expect(fieldProblems(step({ suffix: 'v1.2' })).suffix).toBeUndefined();
    expect(fieldProblems(step({ suffix: 'v1.2' }, 'azure')).suffix).toMatch(/no dots/);
    const bad = fieldProblems(step({ epochs: '0', batch: 'x', lr: '-1' }));
    expect(Object.keys(bad).sort()).toEqual(['batch', 'epochs', 'lr']);
    expect(bad.epochs).toMatch(/^epochs must/);
    expect(bad.batch).toMatch(/must/);
    expect(bad.lr).toMatch(/must/);
  });

  it('refuses a method the provider does not train with', () => {
    expect(fieldProblems(step({ method: 'dpo' })).method).toBeUndefined();
    expect(fieldProblems(step({ method: 'dpo' }, 'nebius')).method).toBe(
      'Nebius trains with the supervised method only',
    );
  });

  it('offers DPO only for preference data', () => {
    expect(methodsFor('preference')).toEqual(['dpo', 'supervised']);
    expect(methodsFor('chat')).toEqual(['supervised']);
  });
});

describe('the job and its command', () => {
  it('starts the job with the files, the suffix (none when empty) and the options', () => {
    const input = jobInput(step({ suffix: '', epochs: '2' }, 'azure'), 'gpt-4o-mini');
    expect(input).toEqual({
      model: 'gpt-4o-mini',
      trainingPath: '/data/t_train.jsonl',
      validationPath: '/data/t_valid.jsonl',
      suffix: null,
      method: 'supervised',
      hyperparameters: { nEpochs: 2, batchSize: 'auto', learningRate: 'auto' },
      separator: ' ->',
      stop: '\n',
      systemPrompt: undefined,
      dataFormat: 'prompt-completion',
      options: { trainingType: 'GlobalStandard' },
    });
    const s = step({ suffix: 'x', options: { trainingType: 'Developer' } }, 'azure');
    const chat = jobInput(
      { ...s, files: { ...s.files, valid: null, separator: null, stop: null, systemPrompt: 'Be brief.' } },
      'm',
    );
    expect(chat).toMatchObject({
      suffix: 'x',
      options: { trainingType: 'Developer' },
      systemPrompt: 'Be brief.',
    });
    expect(chat.validationPath).toBeUndefined();
    expect(chat.separator).toBeUndefined();
    expect(chat.stop).toBeUndefined();
  });

  it('shows the create command with the paths as shown, and --corrections when included', () => {
    const line = createCommandLine(step({ suffix: 'tix' }), 'babbage-002', show);
    expect(line).toContain('./t_train.jsonl');
    expect(line).toContain('./t_valid.jsonl');
    expect(line).toContain('tix');
    expect(line).not.toContain('--corrections');
    const corrections = { path: '/data/c.jsonl', rows: 2 };
    expect(createCommandLine(step({ corrections }), 'babbage-002', show)).toContain('--corrections');
    const noValid = step();
    const single = createCommandLine(
      { ...noValid, files: { ...noValid.files, valid: null } },
      'babbage-002',
      show,
    );
    expect(single).not.toContain('t_valid');
  });

  it("train more on the job's own model is --from-job, with what changed", () => {
    const back = {} as never;
    const trainMore = { from: 'ft:m:1', job: 'ftjob-1', back };
    const same = createCommandLine(
      step({ trainMore, suffix: 'v2', epochs: '4', batch: '8', lr: '0.5' }),
      'ft:m:1',
      show,
    );
    expect(same).toContain('--batch-size 8');
    expect(same).toContain('--lr-multiplier 0.5');
    expect(same).toMatch(/^fine-tune create --from-job ftjob-1/);
    expect(same).toContain('--suffix v2');
    expect(same).toContain('--epochs 4');
    expect(same).not.toContain('--no-corrections');
    const corrections = { path: 'c', rows: 1 };
    const left = createCommandLine(
      step({ trainMore, corrections, includeCorrections: false }),
      'ft:m:1',
      show,
    );
    expect(left).toContain('--no-corrections');
    const kept = createCommandLine(step({ trainMore, corrections }), 'ft:m:1', show);
    const noneFound = createCommandLine(step({ trainMore, includeCorrections: false }), 'ft:m:1', show);
    expect(noneFound).not.toContain('--no-corrections');
    expect(kept).not.toContain('--no-corrections');
    // Another base model is a plain create.
    expect(createCommandLine(step({ trainMore }), 'babbage-002', show)).not.toContain('--from-job');
  });

  it('costs the examples written at the epochs typed, auto otherwise; none without token counts', () => {
    const a = analysis();
    const three = costOf(step({ epochs: '3' }), a, 'gpt-4o-mini-2024-07-18');
    // 800 tokens over 40 examples read, 32 written: 640 tokens a pass.
    expect(three).toMatchObject({ epochs: 3, billedTokens: 1920 });
    const auto = costOf(step(), a, 'gpt-4o-mini-2024-07-18')?.epochs;
    expect(typeof auto).toBe('number');
    expect(costOf(step({ epochs: '2.5' }), a, 'gpt-4o-mini-2024-07-18')?.epochs).toBe(auto);
    expect(costOf(step({ epochs: '0' }), a, 'gpt-4o-mini-2024-07-18')?.epochs).toBe(auto);
    expect(costOf(step({ epochs: '1' }), a, 'gpt-4o-mini-2024-07-18')?.billedTokens).toBe(640);
    expect(costOf(step(), { ...a, tokens: null }, 'm')).toBeNull();
    expect(costOf(step(), { ...a, tokens: { ...a.tokens!, examples: 0 } }, 'm')).toBeNull();
    expect(costOf(step({ epochs: '1' }, 'local'), a, 'local-small')?.pricePerMillion).toBe(0);
    const priced = costOf(
      step({ epochs: '1' }),
      { ...a, prices: { asOf: '2030-01-01', source: 'mine', training: { x: 1 }, inference: {} } as never },
      'x',
    );
    expect(priced?.priceAsOf).toBe('2030-01-01');
  });
});
