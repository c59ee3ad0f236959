import { describeModel, sortModels } from '../../src/api/models.js';
import type { FineTuningJob } from '../../src/api/jobs.js';
import type { WriteResult, Analysis } from '../../src/app/engine.js';
import { initialPanel } from '../../src/app/state/panel.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardState } from '../../src/app/state/wizard-state.js';
import type { JobRecord } from '../../src/store/jobs.js';
import type { ProviderName } from '../../src/api/providers/index.js';

/** States and records of the model step and the job panel, for tests that draw them (no provider here). */
export const MODELS = sortModels(
  [
    { id: 'babbage-002' },
    { id: 'gpt-4o-mini-2024-07-18' },
    { id: 'local-small' },
    { id: 'gpt-3.5-turbo-0613', shutdown_date: '2024-09-13' },
    { id: 'ft:gpt-4o-mini-2024-07-18:acme:tickets:abc123', created: 1_700_000_000 },
  ].map((m) => describeModel(m, '2026-11-24')),
);

export function writeResult(train: string, valid: string | null = null): WriteResult {
  return {
    outputs: [
      { path: train, role: valid === null ? 'all' : 'train', examples: 32 },
      ...(valid === null ? [] : [{ path: valid, role: 'valid' as const, examples: 8 }]),
    ],
    removedRows: 0,
    modifiedRows: 0,
    unchanged: false,
    examples: 40,
    classification: null,
    separator: ' ->',
    stop: '\n',
    systemPrompt: null,
    missingClasses: null,
  };
}

/** The written screen after every fix was decided, as the model step starts from it. */
export function writtenState(analysis: Analysis, result: WriteResult): WizardState {
  return {
    screen: 'written',
    analysis,
    columnMap: undefined,
    decisions: {},
    dropped: [],
    result,
    message: null,
  };
}

/** The model step with its models loaded, as the reducer builds it from the written screen. */
export function modelState(
  analysis: Analysis,
  result: WriteResult,
  provider: ProviderName = 'openai',
): WizardState {
  const model = wizardReducer(writtenState(analysis, result), { type: 'choose-model' });
  return wizardReducer(model, {
    type: 'models-loaded',
    models: MODELS,
    provider: { name: provider, reason: 'OPENAI_API_KEY is set' },
    today: '2026-11-24',
  });
}

export const RECORD: JobRecord = {
  id: 'ftjob-test1',
  provider: 'local',
  baseURL: '',
  trainingFile: { id: 'file-1', path: '/data/t.jsonl' },
  validationFile: null,
  model: 'local-small',
  suffix: 'tickets',
  dataFormat: 'prompt-completion',
  separator: ' ->',
  stop: '\n',
  systemPrompt: null,
  createdAt: 1_800_000_000,
  fineTunedModel: null,
};

export function job(overrides: Partial<FineTuningJob> = {}): FineTuningJob {
  return {
    id: 'ftjob-test1',
    object: 'fine_tuning.job',
    created_at: 1_800_000_000,
    error: null,
    fine_tuned_model: null,
    finished_at: null,
    hyperparameters: { n_epochs: 3, batch_size: 1, learning_rate_multiplier: 1 },
    model: 'local-small',
    organization_id: 'local',
    result_files: [],
    seed: 1,
    status: 'running',
    trained_tokens: null,
    training_file: 'file-1',
    validation_file: null,
    estimated_finish: null,
    integrations: null,
    metadata: null,
    ...overrides,
  } as FineTuningJob;
}

export function jobState(overrides: Partial<FineTuningJob> = {}): WizardState {
  return { screen: 'job', file: '/data/t.csv', panel: initialPanel(RECORD, job(overrides)) };
}
