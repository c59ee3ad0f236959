import { useEffect, type Dispatch } from 'react';
import { toAppError } from '../../api/errors.js';
import { followJob } from '../../api/follow.js';
import { PANEL_POLL_MS, pollMsFromEnv } from '../../api/poll-interval.js';
import { classificationOf, readResults, type FineTuningJobEvent } from '../../api/jobs.js';
import { noteJobEnded } from '../../rescue/manifest.js';
import { metricsOf } from '../../api/metrics.js';
import { lossStepOf, noteRun } from '../../api/run-notes.js';
import type { LossStep } from '../../core/runs.js';
import type { Services } from '../services.js';
import type { PanelUpdate } from '../state/panel.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

/** The panel redraws at most ~10 times a second however fast events arrive. */
const FLUSH_MS = 100;

/**
 * Follows the panel's job with the follow engine: events, job changes and the connection state are
 * gathered and handed to the reducer in one batch per tick. Unmounting (quit, detach) aborts it;
 * the job itself goes on.
 */
export function useFollow(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const jobId = state.screen === 'job' ? state.panel.job.id : null;
  // The job runs where its record says (a rescue's job may run on another provider than the wizard's).
  const where = state.screen === 'job' ? state.panel.record.provider : undefined;
  useEffect(() => {
    if (jobId === null) return;
    const ac = new AbortController();
    let batch: { events: FineTuningJobEvent[]; rest: Omit<PanelUpdate, 'events'> } = { events: [], rest: {} };
    let dirty = false;
    const flush = (): void => {
      if (!dirty || ac.signal.aborted) return;
      const update: PanelUpdate = { ...batch.rest, events: batch.events };
      batch = { events: [], rest: {} };
      dirty = false;
      dispatch({ type: 'job-update', update });
    };
    const add = (rest: Omit<PanelUpdate, 'events'>, event?: FineTuningJobEvent): void => {
      batch = { events: event ? [...batch.events, event] : batch.events, rest: { ...batch.rest, ...rest } };
      dirty = true;
    };
    const timer = setInterval(flush, FLUSH_MS);
    const run = async (): Promise<void> => {
      const provider = services.provider;
      if (provider === undefined) throw new Error('No provider is available.');
      const connection = await provider.open(where);
      // The losses seen on the way, for the run's note (`fine-tune runs`, the Runs screen).
      const steps: LossStep[] = [];
      let totalSteps: number | null = null;
      const result = await followJob(connection.client, jobId, {
        signal: ac.signal,
        pollMs: services.pollMs ?? pollMsFromEnv(services.env ?? process.env) ?? PANEL_POLL_MS,
        explain: connection.explain,
        onEvent: (event) => {
          const step = lossStepOf(event);
          if (step !== null) {
            steps.push(step);
            totalSteps = metricsOf(event)?.totalSteps ?? totalSteps;
          }
          add({}, event);
        },
        onJob: (job) => add({ job }),
        onState: (follow) => add({ follow }),
      });
      add({ job: result.job, checkpoints: result.checkpoints.map((c) => c.step_number) });
      flush();
      if (result.job.status === 'succeeded') {
        const rows = await readResults(connection.client, result.job, { signal: ac.signal }).catch(() => []);
        const classification = classificationOf(rows);
        if (classification) {
          add({ classification });
          flush();
        }
      }
      // Records the tuned model's name and finishes the job's manifest (rescue relies on both).
      await noteJobEnded(result.job, services.env).catch(() => undefined);
      const place = {
        provider: connection.provider,
        baseURL: connection.ephemeral ? '' : connection.baseURL,
      };
      await noteRun(place, result.job, steps, totalSteps, services.env);
    };
    run().catch((error: unknown) => {
      if (ac.signal.aborted) return;
      add({ notice: toAppError(error, 'job') });
      flush();
    });
    return () => {
      clearInterval(timer);
      ac.abort();
    };
  }, [jobId, where, dispatch, services]);
}
