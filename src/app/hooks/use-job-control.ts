import { useEffect, type Dispatch } from 'react';
import { toAppError } from '../../api/errors.js';
import { cancelJob, pauseJob, resumeJob } from '../../api/jobs.js';
import type { Services } from '../services.js';
import { isFinal } from '../state/panel.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { noProvider } from './no-provider.js';

/** Sends a cancel, pause or resume request the panel asked for. */
export function useJobControl(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
): void {
  const pending = state.screen === 'job' ? state.panel.pending : null;
  const id = state.screen === 'job' ? state.panel.job.id : null;
  const provider = state.screen === 'job' ? state.panel.record.provider : undefined;
  useEffect(() => {
    if (pending === null || id === null) return;
    let live = true;
    const call = pending === 'cancel' ? cancelJob : pending === 'pause' ? pauseJob : resumeJob;
    const run = async (): Promise<void> => {
      if (services.provider === undefined) throw noProvider();
      const connection = await services.provider.open(provider);
      try {
        const job = await call(connection.client, id);
        if (live) dispatch({ type: 'job-control-done', job });
      } catch (error) {
        if (live) dispatch({ type: 'job-control-done', error: connection.explain(error, 'job') });
      }
    };
    run().catch((error: unknown) => live && dispatch({ type: 'job-control-done', error: toAppError(error) }));
    return () => {
      live = false;
    };
  }, [pending, id, provider, dispatch, services]);
}

/** One bell when the job reaches a final status. */
export function useBell(state: WizardState, services: Services): void {
  const finalStatus = state.screen === 'job' && isFinal(state.panel) ? state.panel.job.status : null;
  useEffect(() => {
    if (finalStatus !== null) (services.bell ?? (() => process.stdout.write('\u0007')))();
  }, [finalStatus, services]);
}
