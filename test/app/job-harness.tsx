import { useReducer, type Dispatch } from 'react';
import { Text } from 'ink';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { ModelScreen } from '../../src/app/screens/model-screens.js';
import { JobScreen } from '../../src/app/screens/job-screens.js';
import { Footer } from '../../src/app/components/footer.js';
import { keyContext } from '../../src/app/state/key-context.js';
import { wizardReducer } from '../../src/app/state/wizard-reducer.js';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
import { useJobEffects } from '../../src/app/hooks/use-job-effects.js';
import { KeyRouter } from '../../src/app/hooks/use-keys.js';
import type { Services } from '../../src/app/services.js';
import type OpenAI from 'openai';
import type { Connection } from '../../src/api/connect.js';
import { toAppError } from '../../src/api/errors.js';
import { PROFILES } from '../../src/api/providers/index.js';
import { fakeEngine, makeAnalysis } from './helpers.js';
import { job } from './job-fixtures.js';

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

export { job, jobState, MODELS, modelState, RECORD, writeResult, writtenState } from './job-fixtures.js';
