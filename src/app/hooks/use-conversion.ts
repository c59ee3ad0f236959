import { useEffect, type Dispatch } from 'react';
import { convertFilesToChat } from '../../core/convert-files.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

/** Converts the written files to chat messages when the model step asked for it. */
export function useConversion(state: WizardState, dispatch: Dispatch<WizardAction>): void {
  const files = state.screen === 'model' && state.converting ? state.files : null;
  useEffect(() => {
    if (files === null) return;
    const ac = new AbortController();
    convertFilesToChat(files, ac.signal).then(
      (converted) => !ac.signal.aborted && dispatch({ type: 'converted', files: converted }),
      (error: unknown) =>
        !ac.signal.aborted &&
        dispatch({ type: 'convert-failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => ac.abort();
  }, [files, dispatch]);
}
