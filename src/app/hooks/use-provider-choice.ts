import { useEffect, type Dispatch } from 'react';
import type { Services } from '../services.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

/**
 * Once a provider is chosen on the first screen: the wizard uses it from now on and remembers it for
 * the folder, then goes on. A choice it could not save is still used (it only asks again next time).
 */
export function useProviderChoice(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
): void {
  const chosen = state.screen === 'provider' ? state.chosen : null;
  useEffect(() => {
    if (chosen === null) return;
    let live = true;
    const save = services.provider?.choose?.(chosen) ?? Promise.resolve();
    save.catch(() => undefined).then(() => live && dispatch({ type: 'provider-remembered' }));
    return () => {
      live = false;
    };
  }, [chosen, dispatch, services]);
}
