import { useEffect, type Dispatch } from 'react';
import { toAppError } from '../../api/errors.js';
import { cancelJob, pauseJob, resumeJob } from '../../api/jobs.js';
import { listModels } from '../../api/models.js';
import { todayOf } from '../../core/shutdowns.js';
import { startJobWithManifest } from '../../rescue/manifest.js';
import { correctionsToInclude, trainingWith } from '../../core/corrections.js';
import { convertFilesToChat } from '../../core/convert-files.js';
import type { Services } from '../services.js';
import { isFinal } from '../state/panel.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { useEval } from './use-eval.js';
import { useFollow } from './use-follow.js';

/** Upload progress redraws at most ~10 times a second. */
const UPLOAD_INTERVAL_MS = 100;

const noProvider = () =>
  toAppError(new Error('No provider is available to this wizard (run it from the fine-tune command).'));

/** Opens the provider (lazily: only now) and lists its models while the model step waits for them. */
function useModels(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
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

function useConversion(state: WizardState, dispatch: Dispatch<WizardAction>): void {
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

/** Uploads the files and creates the job (saving its record), as `fine-tune create` does. */
function useUpload(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const input = state.screen === 'upload' && state.error === null ? state.input : null;
  const more = state.screen === 'upload' && state.step.trainMore !== undefined;
  useEffect(() => {
    if (input === null) return;
    const ac = new AbortController();
    let last = 0;
    const run = async (): Promise<void> => {
      if (services.provider === undefined) throw noProvider();
      const connection = await services.provider.open();
      // Train more: the same data plus the corrections beside it, written as one file to upload.
      const trainingPath = more
        ? await trainingWith(
            input.trainingPath,
            await correctionsToInclude(input.trainingPath, undefined, true),
          )
        : input.trainingPath;
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
  }, [input, more, dispatch, services]);
}

/** Sends a cancel, pause or resume request the panel asked for. */
function useJobControl(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
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
function useBell(state: WizardState, services: Services): void {
  const finalStatus = state.screen === 'job' && isFinal(state.panel) ? state.panel.job.status : null;
  useEffect(() => {
    if (finalStatus !== null) (services.bell ?? (() => process.stdout.write('\u0007')))();
  }, [finalStatus, services]);
}

export function useJobEffects(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
): void {
  useModels(state, dispatch, services);
  useConversion(state, dispatch);
  useUpload(state, dispatch, services);
  useFollow(state, dispatch, services);
  useJobControl(state, dispatch, services);
  useBell(state, services);
  useEval(state, dispatch, services);
}
