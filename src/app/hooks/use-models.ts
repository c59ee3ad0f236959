import { useEffect, type Dispatch } from 'react';
import { toAppError } from '../../api/errors.js';
import { listModels } from '../../api/models.js';
import { todayOf } from '../../core/shutdowns.js';
import type { Services } from '../services.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { noProvider } from './no-provider.js';

/** Opens the provider (lazily: only now) and lists its models while the model step waits for them. */
export function useModels(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const loading = state.screen === 'model' && state.models === null && state.loadError === null;
  useEffect(() => {
    if (!loading) return;
    const ac = new AbortController();
    const run = async (): Promise<void> => {
      if (services.provider === undefined) throw noProvider();
      const connection = await services.provider.open();
      try {
        // Checkpoints answer questions but cannot be the base of a new job: the tester lists them.
        const today = services.today ?? todayOf();
        const models = (
          await listModels(connection.client, {
            signal: ac.signal,
            profile: connection.profile,
            today,
            ...(services.shutdowns ? { shutdowns: services.shutdowns } : {}),
          })
        ).filter((m) => m.kind !== 'checkpoint');
        const provider = { name: connection.provider, reason: connection.reason };
        if (!ac.signal.aborted) dispatch({ type: 'models-loaded', models, provider, today });
      } catch (error) {
        if (!ac.signal.aborted)
          dispatch({ type: 'models-failed', error: connection.explain(error, 'model') });
      }
    };
    run().catch((error: unknown) => {
      if (!ac.signal.aborted) dispatch({ type: 'models-failed', error: toAppError(error) });
    });
    return () => ac.abort();
  }, [loading, dispatch, services]);
}
