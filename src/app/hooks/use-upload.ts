import { useEffect, type Dispatch } from 'react';
import { toAppError } from '../../api/errors.js';
import { startJobWithManifest } from '../../rescue/manifest.js';
import { trainingWith } from '../../core/corrections.js';
import { includedCorrections } from '../state/model-step.js';
import type { Services } from '../services.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { noProvider } from './no-provider.js';

/** Upload progress redraws at most ~10 times a second. */
const UPLOAD_INTERVAL_MS = 100;

/** Uploads the files and creates the job (saving its record), as `fine-tune create` does. */
export function useUpload(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const input = state.screen === 'upload' && state.error === null ? state.input : null;
  const corrections = state.screen === 'upload' ? includedCorrections(state.step) : null;
  useEffect(() => {
    if (input === null) return;
    const ac = new AbortController();
    let last = 0;
    const run = async (): Promise<void> => {
      if (services.provider === undefined) throw noProvider();
      const connection = await services.provider.open();
      // The corrections the model step included: the data plus them, written as one file to upload.
      const trainingPath = await trainingWith(input.trainingPath, corrections);
      const withData = { ...input, trainingPath };
      const seeded = services.seed === undefined ? withData : { ...withData, seed: services.seed };
      const { job, record } = await startJobWithManifest(connection, seeded, {
        signal: ac.signal,
        ...(services.env ? { env: services.env } : {}),
        onProgress: ({ which, sentBytes, totalBytes }) => {
          const now = Date.now();
          if (now - last < UPLOAD_INTERVAL_MS && sentBytes < totalBytes) return;
          last = now;
          if (!ac.signal.aborted)
            dispatch({ type: 'upload-progress', progress: { which, sentBytes, totalBytes } });
        },
      });
      if (!ac.signal.aborted) dispatch({ type: 'job-started', job, record });
    };
    run().catch((error: unknown) => {
      if (!ac.signal.aborted) dispatch({ type: 'upload-failed', error: toAppError(error, 'upload') });
    });
    return () => ac.abort();
  }, [input, corrections, dispatch, services]);
}
