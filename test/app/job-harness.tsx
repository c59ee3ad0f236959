import type { Dispatch } from 'react';
import { render } from 'ink-testing-library';
import type { FineTuningJob } from '../../src/api/jobs.js';
import { App } from '../../src/app/app.js';
import type { WizardAction, WizardState } from '../../src/app/state/wizard-state.js';
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

/**
 * The real App opened at a given state in an 80×24 terminal, with its effects (without a provider the
 * conversion runs and the upload fails at once). `dispatch` plays a provider's updates into it;
 * `exits` holds what the app printed on leaving.
 */
export function openApp(initial: WizardState, services: Services = SERVICES) {
  let send: Dispatch<WizardAction> | null = null;
  const exits: Array<string | null> = [];
  const ui = render(
    <App
      file={undefined}
      initial={initial}
      services={services}
      onDispatch={(d) => (send = d)}
      onExit={(farewell) => exits.push(farewell)}
    />,
  );
  Object.defineProperty(ui.stdout, 'columns', { value: 80, configurable: true });
  Object.defineProperty(ui.stdout, 'rows', { value: 24, configurable: true });
  ui.stdout.emit('resize');
  const dispatch = (action: WizardAction): void => {
    if (send === null) throw new Error('the app has not handed out its dispatch yet');
    send(action);
  };
  return { ui, dispatch, exits };
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

/**
 * The quiet provider as OpenAI's row, which also takes uploads and job creations and keeps what it was
 * sent (the files are read for real, so they must exist; job records go under a temp FINE_TUNE_HOME).
 */
export function recordingProvider(home: string) {
  const created: Array<Record<string, unknown>> = [];
  const base = quietProvider();
  const quiet = base.provider!;
  let uploads = 0;
  const provider = {
    open: async () => {
      const connection = await quiet.open();
      const client = connection.client as unknown as { fineTuning: { jobs: Record<string, unknown> } };
      const recording = {
        files: {
          create: async () => {
            uploads += 1;
            return { id: `file-${uploads}`, object: 'file', purpose: 'fine-tune', status: 'processed' };
          },
        },
        fineTuning: {
          jobs: {
            ...client.fineTuning.jobs,
            create: async (params: Record<string, unknown>) => {
              created.push(params);
              return job({ status: 'queued' });
            },
          },
        },
      } as unknown as OpenAI;
      return { ...connection, client: recording, provider: 'openai' as const, profile: PROFILES.openai };
    },
  };
  const services: Services = { ...base, provider, env: { FINE_TUNE_HOME: home } };
  return { services, created };
}
