import { resolve } from 'node:path';
import { useEffect, type Dispatch } from 'react';
import type { Connection } from '../../api/connect.js';
import { ExplainedError, toAppError } from '../../api/errors.js';
import { getJob } from '../../api/jobs.js';
import { listModels } from '../../api/models.js';
import { loadJobRecord } from '../../store/jobs.js';
import { earlierJob } from '../state/rescue-moves.js';
import {
  goldenSource,
  keptFormat,
  noteRetrained,
  planFor,
  stepCompare,
  stepGolden,
  stepKeepData,
  stepRetrain,
  type RescueContext,
} from '../../rescue/flow.js';
import { takeInventory } from '../../rescue/inventory.js';
import type { RecordProgress } from '../../rescue/record-answers.js';
import { defaultSeams } from '../../rescue/seams.js';
import { openState } from '../../rescue/state.js';
import type { Services } from '../services.js';
import type { RescueRun } from '../state/rescue-state.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

/** Progress redraws at most ~10 times a second however fast answers arrive. */
const PROGRESS_MS = 100;

type Send = Dispatch<WizardAction>;

async function source(services: Services): Promise<Connection> {
  if (services.provider === undefined) throw new Error('No provider is available to this wizard.');
  return services.provider.open();
}

async function contextOf(services: Services, run: RescueRun): Promise<RescueContext> {
  return {
    source: await source(services),
    seams: services.rescueSeams ?? defaultSeams(services.today, services.shutdowns),
    folder: run.folder,
    ...(services.env ? { env: services.env } : {}),
    prices: services.prices,
  };
}

/** Runs `work` while `key` is set; a new key or leaving the screen aborts it. Failures are dispatched. */
function useWork(
  key: unknown,
  work: (signal: AbortSignal) => Promise<void>,
  dispatch: Send,
  deps: readonly unknown[],
): void {
  useEffect(() => {
    if (key === null) return;
    const ac = new AbortController();
    work(ac.signal).catch((error: unknown) => {
      if (!ac.signal.aborted) dispatch({ type: 'rescue-failed', error: toAppError(error, 'model') });
    });
    return () => ac.abort();
    // `work` is rebuilt every render; the key and deps say when it is new work.
  }, [key, dispatch, ...deps]);
}

function throttled(dispatch: Send, signal: AbortSignal): (p: RecordProgress) => void {
  let drawn = 0;
  return (progress) => {
    if (signal.aborted) return;
    if (progress.done < progress.total && progress.waiting === null && Date.now() - drawn < PROGRESS_MS)
      return;
    drawn = Date.now();
    dispatch({ type: 'rescue-progress', progress });
  };
}

/**
 * The rescue path's effects: each screen's work, done by `src/rescue/` while the screen shows it.
 * Leaving a screen aborts its work; the golden set then keeps every answer already received.
 */
export function useRescueEffects(state: WizardState, dispatch: Send, services: Services): void {
  const listing = state.screen === 'rescue-list' && state.inventory === null && state.error === null;
  useWork(
    listing ? 'list' : null,
    async (signal) => {
      const connection = await source(services);
      const inventory = await takeInventory(
        connection.client,
        connection.provider,
        services.rescueSeams ?? defaultSeams(services.today, services.shutdowns),
        {
          signal,
        },
      ).catch((error: unknown) => {
        throw new ExplainedError(connection.explain(error, 'model'));
      });
      if (!signal.aborted) dispatch({ type: 'rescue-inventory', inventory });
    },
    dispatch,
    [services],
  );

  const keeping = state.screen === 'rescue-data' && state.phase === 'keeping' ? state : null;
  useWork(
    keeping?.run ?? null,
    async (signal) => {
      if (keeping === null) return;
      const ctx = await contextOf(services, keeping.run);
      const opened = await openState(keeping.run.folder, keeping.run.item.model, ctx.source.provider);
      // Paths typed in the field are relative to where the wizard was started.
      const local = Object.fromEntries(
        Object.entries(keeping.local).map(([role, path]) => [role, resolve(services.cwd, path)]),
      );
      const { state: saved, result } = await stepKeepData(ctx, opened, keeping.run.item, local, signal);
      const format = saved.data.training === null ? null : (await keptFormat(saved, ctx.folder)).format;
      if (!signal.aborted) {
        dispatch({
          type: 'rescue-kept',
          saved,
          format,
          kept: Object.values(result.kept),
          needs: result.needs,
        });
      }
    },
    dispatch,
    [services],
  );

  const recording = state.screen === 'rescue-golden' && state.phase === 'running' ? state.run : null;
  useWork(
    recording,
    async (signal) => {
      if (recording === null || recording.saved === null) return;
      const ctx = await contextOf(services, recording);
      const { state: saved, result } = await stepGolden(
        ctx,
        recording.saved,
        goldenSource(recording.saved, ctx.folder),
        {
          signal,
          onProgress: throttled(dispatch, signal),
        },
      );
      // Stopped by the user, the screen has moved on: the answers are kept all the same.
      if (!signal.aborted) dispatch({ type: 'rescue-golden-done', saved, stopped: result.stopped });
    },
    dispatch,
    [services],
  );

  const target = state.screen === 'rescue-target' && state.error === null ? state : null;
  const listingModels =
    target !== null && target.phase === 'models' && target.models === null ? target.provider : null;
  useWork(
    listingModels,
    async (signal) => {
      if (listingModels === null || services.provider === undefined) return;
      const connection = await services.provider.open(listingModels);
      const models = await listModels(connection.client, { signal }).catch((error: unknown) => {
        throw new ExplainedError(connection.explain(error, 'model'));
      });
      if (!signal.aborted)
        dispatch({ type: 'rescue-models', models: models.filter((m) => m.kind === 'base' && m.fineTunable) });
    },
    dispatch,
    [services],
  );

  const planning = target !== null && target.phase === 'plan' && target.plan === null ? target : null;
  useWork(
    planning,
    async (signal) => {
      const model = planning?.models?.[planning.modelCursor];
      if (
        planning === null ||
        planning.provider === null ||
        model === undefined ||
        planning.run.saved === null
      )
        return;
      const ctx = await contextOf(services, planning.run);
      const plan = await planFor(ctx, planning.run.saved, planning.run.item, {
        provider: planning.provider,
        model,
      });
      if (!signal.aborted) dispatch({ type: 'rescue-plan', plan });
    },
    dispatch,
    [services],
  );

  const starting = target !== null && target.phase === 'starting' ? target : null;
  useWork(
    starting,
    async (signal) => {
      if (starting === null || starting.provider === null || starting.run.saved === null) return;
      if (services.provider === undefined) return;
      const earlier = earlierJob(starting.run);
      if (starting.plan === null && earlier !== null) {
        // A job an earlier run created: follow it again rather than train twice.
        const connection = await services.provider.open(earlier.provider);
        const record = await loadJobRecord(earlier.jobId, services.env);
        if (record === null)
          throw new Error(`the record of job ${earlier.jobId} is missing from this machine.`);
        const job = await getJob(connection.client, earlier.jobId, { signal }).catch((error: unknown) => {
          throw new ExplainedError(connection.explain(error, 'job'));
        });
        if (!signal.aborted) dispatch({ type: 'rescue-job-started', job, record, saved: starting.run.saved });
        return;
      }
      if (starting.plan === null) return;
      const ctx = await contextOf(services, starting.run);
      const connection = await services.provider.open(starting.provider);
      const seeded = services.seed === undefined ? starting.plan : { ...starting.plan, seed: services.seed };
      const started = await stepRetrain(ctx, starting.run.saved, connection, seeded, signal).catch(
        (error: unknown) => {
          throw new ExplainedError(connection.explain(error, 'create-job'));
        },
      );
      if (!signal.aborted) {
        dispatch({
          type: 'rescue-job-started',
          job: started.job,
          record: started.record,
          saved: started.state,
        });
      }
    },
    dispatch,
    [services],
  );

  const comparing = state.screen === 'rescue-compare' && state.phase === 'running' ? state : null;
  useWork(
    // Progress replaces the state object; the run stays the same while the comparison runs.
    comparing?.run ?? null,
    async (signal) => {
      if (comparing === null || comparing.run.saved === null || services.provider === undefined) return;
      const ctx = await contextOf(services, comparing.run);
      const connection = await services.provider.open(comparing.panel.record.provider);
      const noted = await noteRetrained(ctx, comparing.run.saved, comparing.panel.job);
      const progress = throttled(dispatch, signal);
      const {
        state: saved,
        report,
        paths,
      } = await stepCompare(ctx, noted, connection, {
        live: comparing.live,
        signal,
        onProgress: (_which, p) => progress(p),
      }).catch((error: unknown) => {
        throw new ExplainedError(connection.explain(error, 'model-after-success'));
      });
      if (!signal.aborted) dispatch({ type: 'rescue-compared', compared: { report, paths }, saved });
    },
    dispatch,
    [services],
  );
}
