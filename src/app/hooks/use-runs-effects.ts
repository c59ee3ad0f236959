import { useEffect, type Dispatch } from 'react';
import { loadRuns } from '../../rescue/run-history.js';
import type { Services } from '../services.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

/** Reads the run history when the Runs screen opens (local records only: no request is made). */
export function useRunsEffects(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
): void {
  const loading = state.screen === 'runs' && state.runs === null && state.error === null;
  useEffect(() => {
    if (!loading) return;
    let live = true;
    loadRuns(services.env ?? process.env)
      .then((runs) => {
        if (live) dispatch({ type: 'runs-loaded', runs });
      })
      .catch((error: unknown) => {
        if (live)
          dispatch({ type: 'runs-failed', message: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      live = false;
    };
  }, [loading, dispatch, services]);
}
