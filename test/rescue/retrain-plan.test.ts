import { describe, expect, it } from 'vitest';
import { conversionFor, planRetrain, suffixFor, translateHyperparameters } from '../../src/rescue/retrain.js';
import { defaultTargetProfile, type TargetProfile } from '../../src/rescue/seams.js';
import type { SourceJob } from '../../src/rescue/inventory.js';

const local = defaultTargetProfile('local');
const openai = defaultTargetProfile('openai');
const hyper = (h: Partial<SourceJob['hyperparameters']>): SourceJob['hyperparameters'] => ({
  nEpochs: null,
  batchSize: null,
  learningRate: null,
  beta: null,
  ...h,
});

describe('hyperparameters carried over to another provider', () => {
  it('carries numbers the target accepts as they are', () => {
    const { hyperparameters } = translateHyperparameters(
      hyper({ nEpochs: 3, batchSize: 8, learningRate: 1.8 }),
      openai,
    );
    expect(hyperparameters).toEqual({ nEpochs: 3, batchSize: 8, learningRate: 1.8 });
  });

  it('keeps auto (or unknown) as auto', () => {
    const { hyperparameters, notes } = translateHyperparameters(hyper({ nEpochs: 'auto' }), openai);
    expect(hyperparameters).toEqual({ nEpochs: 'auto', batchSize: 'auto', learningRate: 'auto' });
    expect(notes).toEqual([]);
  });

  it('brings a value over the limit down to it and says so; the limit itself passes unremarked', () => {
    const over = translateHyperparameters(hyper({ learningRate: 12 }), local);
    expect(over.hyperparameters.learningRate).toBe(10);
    expect(over.notes.join(' ')).toMatch(
      /learning-rate multiplier 12 is outside what local accepts: 10 instead/,
    );
    const at = translateHyperparameters(hyper({ learningRate: 10 }), local);
    expect(at.hyperparameters.learningRate).toBe(10);
    expect(at.notes.join(' ')).not.toMatch(/outside/);
  });

  it('says which settings the target does not take at all', () => {
    const noBatch: TargetProfile = {
      ...openai,
      provider: 'elsewhere',
      hyperparameters: { nEpochs: { integer: true, min: 1, max: 50 } },
    };
    const { hyperparameters, notes } = translateHyperparameters(
      hyper({ nEpochs: 2, batchSize: 16 }),
      noBatch,
    );
    expect(hyperparameters).toEqual({ nEpochs: 2 });
    expect(notes).toContain(
      'batch size 16 is not carried over: elsewhere does not take it and chooses its own.',
    );
  });

  it('lets an override win over the source job, without the multiplier note for a chosen one', () => {
    const { hyperparameters, notes } = translateHyperparameters(
      hyper({ nEpochs: 3, learningRate: 2 }),
      openai,
      {
        nEpochs: 5,
        learningRate: 0.5,
      },
    );
    expect(hyperparameters).toMatchObject({ nEpochs: 5, learningRate: 0.5 });
    expect(notes.join(' ')).not.toMatch(/scales each base model/);
  });

  it('says that a DPO beta is not carried over', () => {
    const { notes } = translateHyperparameters(hyper({ beta: 0.1 }), openai);
    expect(notes.join(' ')).toMatch(/beta 0.1 is not carried over/);
  });
});

describe('the data a target base needs', () => {
  it('keeps data the base takes, converts prompt/completion for a chat base, refuses the rest', () => {
    expect(conversionFor('prompt-completion', { formats: ['prompt-completion', 'chat'] })).toBe('none');
    expect(conversionFor('prompt-completion', { formats: ['chat'] })).toBe('to-chat');
    expect(conversionFor('chat', { formats: ['prompt-completion'] })).toBe('impossible');
  });

  it('cleans a suffix the target refuses (Azure takes no dots) and keeps one it accepts', () => {
    expect(suffixFor('v1.2', defaultTargetProfile('azure'))).toBe('v1-2');
    expect(suffixFor('v1.2', openai)).toBe('v1.2');
    expect(suffixFor(null, openai)).toBeNull();
  });

  it('plans a retrain with the notes a user needs to read before it starts', () => {
    const plan = planRetrain({
      job: null,
      from: 'ft:babbage-002:org:x:1',
      training: '/r/training.jsonl',
      validation: null,
      format: 'prompt-completion',
      separator: '\n\n###\n\n',
      stop: null,
      target: { id: 'gpt-4.1-mini-2025-04-14', formats: ['chat'] },
      profile: openai,
      suffix: 'x.y',
    });
    expect(plan.conversion).toBe('to-chat');
    expect(plan.suffix).toBe('x.y');
    expect(plan.notes[0]).toBe('Rescue of ft:babbage-002:org:x:1.');
    expect(plan.notes.join(' ')).toMatch(/converted/);
  });
});
