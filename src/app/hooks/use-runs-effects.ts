import { useEffect, type Dispatch } from 'react';
import { fetchLossSteps } from '../../api/run-notes.js';
import { curvesOf, loadRuns, type Run } from '../../rescue/run-history.js';
import type { Services } from '../services.js';
import type { Curves } from '../state/runs-state.js';
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

  // Two runs compared: their losses, from each one's provider (not stored: a long job has thousands).
  const compare = state.screen === 'runs' && state.compare?.curves === null ? state.compare : null;
  useEffect(() => {
    if (compare === null) return;
    const ac = new AbortController();
    const notes: string[] = [];
    const curves = async (run: Run): Promise<Curves> => {
      try {
        if (services.provider === undefined) throw new Error('no provider is available to this wizard');
        const connection = await services.provider.open(run.provider);
        const { steps } = await fetchLossSteps(connection.client, run.id, { signal: ac.signal });
        return curvesOf(run, steps);
      } catch (error) {
        // One run's provider out of reach still leaves its settings and the other run to compare.
        notes.push(`no losses for ${run.id}: ${error instanceof Error ? error.message : String(error)}`);
        return { train: [], validation: [] };
      }
    };
    void Promise.all([curves(compare.a), curves(compare.b)]).then(([a, b]) => {
      if (!ac.signal.aborted) dispatch({ type: 'runs-curves', curves: { a, b }, notes });
    });
    return () => ac.abort();
  }, [compare, dispatch, services]);
}
