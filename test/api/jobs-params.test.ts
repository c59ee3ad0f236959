import { describe, expect, it } from 'vitest';
import {
  buildCreateParams,
  hyperparameterProblems,
  isTerminalStatus,
  parseResultsCsv,
  suffixProblem,
  type FineTuningJobEvent,
} from '../../src/api/jobs.js';
import { metricsOf, resumedFromStep } from '../../src/api/metrics.js';
import { baseOf, describeModel, sortModels } from '../../src/api/models.js';
import { PROFILES } from '../../src/api/providers/index.js';

describe('job parameters', () => {
  it('puts hyperparameters under method.supervised, leaving unset ones to the API', () => {
    const params = buildCreateParams({
      model: 'local-small',
      trainingFile: 'file-t',
      validationFile: 'file-v',
      suffix: 'topics',
      seed: 7,
      hyperparameters: { nEpochs: 3, learningRate: 'auto' },
    });
    expect(params).toEqual({
      model: 'local-small',
      training_file: 'file-t',
      validation_file: 'file-v',
      suffix: 'topics',
      seed: 7,
      method: {
        type: 'supervised',
        supervised: { hyperparameters: { n_epochs: 3, learning_rate_multiplier: 'auto' } },
      },
    });
  });

  it('sends early_stopping_patience only to a row that takes it', () => {
    const input = { model: 'local-small', trainingFile: 'f', hyperparameters: { earlyStop: 3 } };
    const local = buildCreateParams(input, PROFILES.local);
    expect(local.method?.supervised?.hyperparameters).toEqual({ early_stopping_patience: 3 });
    expect(buildCreateParams(input, PROFILES.openai).method?.supervised?.hyperparameters).toEqual({});
  });

  it('builds a DPO method with beta', () => {
    const params = buildCreateParams({
      model: 'gpt-4.1-mini-2025-04-14',
      trainingFile: 'f',
      method: 'dpo',
      hyperparameters: { beta: 0.1 },
    });
    expect(params.method).toEqual({ type: 'dpo', dpo: { hyperparameters: { beta: 0.1 } } });
  });

  it('checks suffixes and hyperparameters against the API ranges', () => {
    expect(suffixProblem('topics-v1.2_a')).toBeNull();
    expect(suffixProblem('')).toMatch(/empty/);
    expect(suffixProblem('a'.repeat(65))).toMatch(/65/);
    expect(suffixProblem('has space')).toMatch(/letters/);
    expect(hyperparameterProblems({ nEpochs: 3, batchSize: 'auto' })).toEqual([]);
    expect(hyperparameterProblems({ nEpochs: 51, batchSize: 0, beta: 3 })).toHaveLength(3);
  });

  it('knows the final statuses and tolerates unknown ones', () => {
    expect(['succeeded', 'failed', 'cancelled'].every(isTerminalStatus)).toBe(true);
    expect(isTerminalStatus('paused')).toBe(false);
    expect(isTerminalStatus('something-new')).toBe(false);
  });

  it('parses the results CSV with empty cells as null', () => {
    const rows = parseResultsCsv('step,train_loss,valid_loss\n1,2.5,\n2,1.25,1.5\n');
    expect(rows).toEqual([
      { step: 1, train_loss: 2.5, valid_loss: null },
      { step: 2, train_loss: 1.25, valid_loss: 1.5 },
    ]);
  });
});

describe('model descriptions', () => {
  const at = (id: string, extra: Record<string, unknown> = {}) =>
    describeModel({ id, owned_by: 'x', created: 1, ...extra }, '2026-11-24');

  it('tells base, fine-tuned, checkpoint and other models apart', () => {
    expect(at('local-small')).toMatchObject({ kind: 'base', fineTunable: true });
    expect(at('ft:local-small:org:s:abc')).toMatchObject({ kind: 'fine-tuned', fineTunable: true });
    expect(at('ft:local-small:org:s:abc:ckpt-step-4').kind).toBe('checkpoint');
    expect(at('dall-e-3')).toMatchObject({ kind: 'other', fineTunable: false, formats: [] });
    expect(baseOf('ft:gpt-4o-mini-2024-07-18:org::id')).toBe('gpt-4o-mini-2024-07-18');
  });

  it('uses the API shutdown date first, then the announced ones, and marks past ones', () => {
    expect(at('gpt-4o-mini-2024-07-18').shutdownDate).toBe('2027-01-14');
    expect(at('gpt-4o-mini-2024-07-18', { shutdown_date: '2027-02-01' }).shutdownDate).toBe('2027-02-01');
    const nano = at('gpt-4.1-nano-2025-04-14');
    expect(nano).toMatchObject({ shutdownDate: '2026-10-23', shutDown: true, fineTunable: false });
    expect(at('ft:gpt-4.1-nano-2025-04-14:o:s:i').shutDown).toBe(true);
    expect(at('babbage-002').formats).toEqual(['prompt-completion']);
  });

  it("reads Azure's model list: capabilities, the fine-tuning deprecation date, gpt-35 names, fine-tunes", () => {
    const azure = (id: string, extra: Record<string, unknown>) =>
      describeModel({ id, object: 'model', created_at: 1_700_000_000, ...extra }, '2026-11-24');
    const turbo = azure('gpt-35-turbo-0125', {
      capabilities: { fine_tune: true, inference: true, completion: false, chat_completion: true },
      deprecation: { fine_tune: Date.UTC(2027, 0, 14) / 1000, inference: Date.UTC(2027, 6, 1) / 1000 },
    });
    expect(turbo).toMatchObject({
      kind: 'base',
      fineTunable: true,
      formats: ['chat'],
      created: 1_700_000_000,
    });
    // Azure's `deprecation`: fine_tune is when training ends, inference when it stops answering.
    expect(turbo.trainingEnds).toEqual({ date: '2027-01-14', atLeast: false, source: 'api' });
    expect(turbo.shutdownDate).toBe('2027-07-01');
    // A model Azure only serves is listed, but cannot be the base of a job.
    const served = azure('gpt-4o-2024-08-06', { capabilities: { fine_tune: false, chat_completion: true } });
    expect(served).toMatchObject({ kind: 'base', fineTunable: false });
    // A model the tables here do not know takes its formats from its capabilities.
    expect(azure('new-model-2027', { capabilities: { fine_tune: true, completion: true } })).toMatchObject({
      kind: 'base',
      fineTunable: true,
      formats: ['prompt-completion'],
    });
    const tuned = azure('gpt-4o-mini-2024-07-18.ft-0123abcd', {
      model: 'gpt-4o-mini-2024-07-18',
      fine_tune: 'ftjob-0123abcd',
      capabilities: { fine_tune: false, chat_completion: true },
    });
    expect(tuned).toMatchObject({ kind: 'fine-tuned', fineTunable: true, formats: ['chat', 'preference'] });
  });

  it('sorts fine-tunable bases first, then own fine-tunes newest first', () => {
    const models = [
      describeModel({ id: 'ft:local-small:o:a:1', owned_by: 'o', created: 10 }),
      describeModel({ id: 'gpt-3.5-turbo', owned_by: 'o', created: 1 }, '2026-11-24'),
      describeModel({ id: 'ft:local-small:o:b:2', owned_by: 'o', created: 20 }),
      describeModel({ id: 'local-small', owned_by: 'o', created: 1 }),
    ];
    expect(sortModels(models).map((m) => m.id)).toEqual([
      'local-small',
      'ft:local-small:o:b:2',
      'ft:local-small:o:a:1',
      'gpt-3.5-turbo',
    ]);
  });
});

describe('event data', () => {
  const event = (type: 'message' | 'metrics', data: unknown): FineTuningJobEvent => ({
    id: 'e',
    created_at: 1,
    level: 'info',
    message: 'm',
    object: 'fine_tuning.job.event',
    type,
    data,
  });

  it('reads metrics, with missing validation numbers as null', () => {
    expect(metricsOf(event('metrics', { step: 3, total_steps: 10, train_loss: 0.5 }))).toMatchObject({
      step: 3,
      totalSteps: 10,
      trainLoss: 0.5,
      validLoss: null,
    });
    expect(metricsOf(event('message', { step: 3 }))).toBeNull();
    expect(metricsOf(event('metrics', { loss: 1 }))).toBeNull();
  });

  it('finds the step a restarted job resumed from', () => {
    expect(resumedFromStep(event('message', { resumed_from_step: 40 }))).toBe(40);
    expect(resumedFromStep(event('message', {}))).toBeNull();
  });
});
