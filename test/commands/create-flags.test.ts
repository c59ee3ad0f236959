import { describe, expect, it } from 'vitest';
import { hyperparameterProblems, suffixProblem } from '../../src/api/jobs.js';
import { PROFILES } from '../../src/api/providers/index.js';
import { rowFlags, type CreateFlags } from '../../src/commands/create.js';

const flags = (more: Partial<CreateFlags>): CreateFlags => ({
  trainingFile: 't.jsonl',
  model: 'm',
  follow: true,
  giveUpAfter: '10m',
  ...more,
});
const check = (more: Partial<CreateFlags>, row: keyof typeof PROFILES) =>
  rowFlags(flags(more), PROFILES[row], hyperparameterProblems, suffixProblem);

describe("create's flags, read by the chosen row", () => {
  it('takes --early-stop with a validation file on a row that can stop early, and refuses it otherwise', () => {
    expect(check({ earlyStop: 2, validationFile: 'v.jsonl' }, 'local').hyperparameters).toEqual({
      earlyStop: 2,
    });
    expect(() => check({ earlyStop: 2 }, 'local')).toThrow('--early-stop needs a validation file');
    expect(() => check({ earlyStop: 2, validationFile: 'v.jsonl' }, 'openai')).toThrow(
      '--early-stop: OpenAI cannot stop a job early on validation loss.',
    );
  });

  it("takes each row's own options, case-insensitively, and refuses another row's", () => {
    expect(check({ trainingType: 'developer' }, 'azure').chosen).toEqual({ trainingType: 'Developer' });
    expect(check({ weights: 'lora' }, 'nebius').chosen).toEqual({ lora: 'LoRA' });
    expect(check({ weights: 'FULL' }, 'together').chosen).toEqual({ trainingType: 'full' });
    expect(() => check({ weights: 'full' }, 'azure')).toThrow(
      '--weights is not an option of the azure provider',
    );
    expect(() => check({ trainingType: 'Cheap' }, 'azure')).toThrow(
      '--training-type: one of GlobalStandard, Standard, Developer',
    );
  });

  it('takes the learning-rate flag the row names, and refuses the other one', () => {
    expect(check({ learningRate: 0.0001 }, 'nebius').hyperparameters).toEqual({ learningRate: 0.0001 });
    expect(() => check({ lrMultiplier: 2 }, 'nebius')).toThrow(
      '--lr-multiplier: Nebius takes --learning-rate (learning rate) instead',
    );
    expect(check({ lrMultiplier: 2 }, 'openai').hyperparameters).toEqual({ learningRate: 2 });
    expect(() => check({ learningRate: 0.1 }, 'azure')).toThrow(
      /--learning-rate: Azure OpenAI takes --lr-multiplier/,
    );
  });

  it('checks ranges and suffixes by the row, naming the flag', () => {
    expect(() => check({ epochs: 0 }, 'openai')).toThrow('--epochs must be a whole number from 1 to 50');
    expect(() => check({ epochs: 1.5 }, 'openai')).toThrow('--epochs must be a whole number from 1 to 50');
    expect(check({ epochs: 50 }, 'openai').hyperparameters).toEqual({ nEpochs: 50 });
    expect(() => check({ suffix: 'a.b' }, 'azure')).toThrow(/^--suffix: the suffix may use only/);
    expect(check({ suffix: 'a.b' }, 'openai').chosen).toEqual({});
  });
});
