import { useEffect, type Dispatch } from 'react';
import { correctionsToInclude } from '../../core/corrections.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

/**
 * Looks for corrections beside the file the model step would upload (made in the chat tester or on
 * the eval screen after an earlier job), so the step can offer to include them: once per file, again
 * when that file changes (the chat conversion writes another) and on train more; a file that cannot be
 * read offers nothing.
 */
export function useCorrectionsFound(state: WizardState, dispatch: Dispatch<WizardAction>): void {
  const train =
    state.screen === 'model' && state.correctionsOf !== state.files.train ? state.files.train : null;
  useEffect(() => {
    if (train === null) return;
    let live = true;
    correctionsToInclude(train, true, false)
      .catch(() => null)
      .then((corrections) => {
        if (live) dispatch({ type: 'corrections-found', train, corrections });
      })
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [train, dispatch]);
}
