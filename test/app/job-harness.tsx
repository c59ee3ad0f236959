import { useReducer, type Dispatch } from 'react';
import { Text } from 'ink';
import { describeModel, sortModels } from '../../src/api/models.js';
import type { FineTuningJob } from '../../src/api/jobs.js';
import type { WriteResult } from '../../src/app/engine.js';
import { ModelScreen } from '../../src/app/screens/model-screens.js';
import { JobScreen } from '../../src/app/screens/job-screens.js';
import { Footer } from '../../src/app/components/footer.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { initialPanel } from '../../src/app/state/panel.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
import type { JobRecord } from '../../src/store/jobs.js';
import type { Analysis } from '../../src/app/engine.js';
import { useJobEffects } from '../../src/app/hooks/use-job-effects.js';
import { KeyRouter } from '../../src/app/hooks/use-keys.js';
import type { Services } from '../../src/app/services.js';
import type OpenAI from 'openai';
import type { Connection } from '../../src/api/connect.js';
import { toAppError } from '../../src/api/errors.js';
import { PROFILES, type ProviderName } from '../../src/api/providers/index.js';
import { fakeEngine, makeAnalysis } from './helpers.js';

const SERVICES: Services = {
  engine: fakeEngine(() => makeAnalysis()),
  sessions: { load: async () => null, save: async () => undefined, clear: async () => undefined },
  cwd: '/data',
  bell: () => undefined,
};

/** Renders the model step or the job panel from a given state, with the footer, and hands out dispatch. */
export function Harness(props: Parameters<typeof Screens>[0]) {
  // As in the app: keys reach the screens through the key router.
  return (
    <KeyRouter>
      <Screens {...props} />
    </KeyRouter>
  );
}

function Screens({
  initial,
  onDispatch,
  services = SERVICES,
}: {
  readonly initial: WizardState;
  readonly onDispatch?: (dispatch: Dispatch<WizardAction>) => void;
  readonly services?: Services;
}) {
  const [state, dispatch] = useReducer(wizardReducer, initial);
  onDispatch?.(dispatch);
  // Without a provider the conversion runs and the upload fails at once.
  useJobEffects(state, dispatch, services);
  const footer = <Footer context={keyContext(state)} width={80} />;
  if (state.screen === 'model') {
    return (
      <>
        <ModelScreen state={state} dispatch={dispatch} width={80} height={19} cwd="/data" />
        {footer}
      </>
    );
  }
  if (state.screen === 'job') {
    return (
      <>
        <JobScreen state={state} dispatch={dispatch} width={80} height={19} hideClock={false} />
        {footer}
      </>
    );
  }
  if (state.screen === 'upload') return <Text>UPLOAD-INPUT {JSON.stringify(state.input)}</Text>;
  if (state.screen === 'exit') return <Text>exit {state.farewell}</Text>;
  return <Text>screen {state.screen}</Text>;
}

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

/**
 * A provider whose job never changes on its own (the tests feed updates through dispatch) and that
 * answers cancel, pause and resume with the job in its new status.
 */
export function quietProvider(): Services {
  const never = (_id: string, options?: { signal?: AbortSignal }) =>
    new Promise((_resolve, reject) =>
      options?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
    );
  const client = {
    fineTuning: {
      jobs: {
        retrieve: never,
        cancel: async () => job({ status: 'cancelled' }),
        pause: async () => job({ status: 'paused' as FineTuningJob['status'] }),
        resume: async () => job({ status: 'running' }),
      },
    },
  } as unknown as OpenAI;
  const connection = {
    client,
    provider: 'local',
    profile: PROFILES.local,
    baseURL: 'http://127.0.0.1:1/v1',
    reason: 'test',
    ephemeral: true,
    scrub: (text: string) => text,
    explain: (error: unknown) => toAppError(error),
    close: async () => undefined,
  } satisfies Connection;
  return { ...SERVICES, provider: { open: async () => connection } };
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
