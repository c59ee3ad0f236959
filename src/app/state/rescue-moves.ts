import { PROVIDERS, type ProviderName } from '../../api/provider.js';
import { initialRescue, chosenItem, type RescueRun, type RescueView } from './rescue-state.js';
import type { WizardState } from './wizard-state.js';

/** The rescue reducer's transitions between and within its screens (rescue-reducer.ts dispatches here). */
export type View<S extends RescueView['screen']> = Extract<RescueView, { screen: S }>;

export function golden(run: RescueRun): View<'rescue-golden'> {
  const gone = run.item.daysLeft !== null && run.item.daysLeft <= 0;
  return { screen: 'rescue-golden', run, phase: gone ? 'skipped' : 'running', progress: null, error: null };
}

export function target(run: RescueRun): View<'rescue-target'> {
  return {
    screen: 'rescue-target',
    run,
    phase: 'provider',
    providers: PROVIDERS,
    providerCursor: 0,
    provider: null,
    models: null,
    modelCursor: 0,
    plan: null,
    error: null,
  };
}

export function keeping(
  run: RescueRun,
  local: View<'rescue-data'>['local'] = {},
  needs: View<'rescue-data'>['needs'] = [],
): View<'rescue-data'> {
  return {
    screen: 'rescue-data',
    run,
    phase: 'keeping',
    kept: [],
    needs,
    local,
    path: '',
    candidates: [],
    error: null,
  };
}

/** The retraining job an earlier run of this rescue created (its provider as the wizard knows it). */
export function earlierJob(
  run: RescueRun,
): { readonly jobId: string; readonly provider: ProviderName } | null {
  const retrain = run.saved?.retrain;
  if (!retrain) return null;
  const provider = PROVIDERS.find((p) => p === retrain.provider);
  return provider === undefined ? null : { jobId: retrain.jobId, provider };
}

/** Back to the job an earlier run created: followed again, never created twice. */
export function resumeJob(run: RescueRun): View<'rescue-target'> {
  return { ...target(run), phase: 'starting', provider: earlierJob(run)?.provider ?? null };
}

export function wrap(n: number, length: number): number {
  return length === 0 ? 0 : (n + length) % length;
}

/** Moves within whatever list the screen shows: models, providers, flipped examples, report lines. */
export function move(state: WizardState, delta: number): WizardState {
  switch (state.screen) {
    case 'rescue-list':
      return { ...state, cursor: wrap(state.cursor + delta, state.inventory?.items.length ?? 0) };
    case 'rescue-target':
      if (state.phase === 'provider') {
        return { ...state, providerCursor: wrap(state.providerCursor + delta, state.providers.length) };
      }
      return state.phase === 'models'
        ? { ...state, modelCursor: wrap(state.modelCursor + delta, state.models?.length ?? 0) }
        : state;
    case 'rescue-compare': {
      const flips = state.compared?.report.flips.length ?? 0;
      // Report lines are windowed by the screen, which clamps the top line it is given.
      const cursor =
        state.view === 'flips' ? wrap(state.cursor + delta, flips) : Math.max(0, state.cursor + delta);
      return { ...state, cursor };
    }
    default:
      return state;
  }
}

export function back(state: WizardState): WizardState {
  switch (state.screen) {
    case 'rescue-list':
      return { screen: 'path', path: '', candidates: [], message: null };
    case 'rescue-data':
    case 'rescue-golden':
      return initialRescue(state.run.item.model);
    case 'rescue-target':
      if (state.phase === 'plan') return { ...state, phase: 'models', plan: null, error: null };
      if (state.phase === 'models')
        return { ...state, phase: 'provider', models: null, provider: null, error: null };
      return state.phase === 'provider' ? { ...golden(state.run), phase: 'done' } : state;
    case 'rescue-compare':
      return { screen: 'job', file: state.file, panel: state.panel, rescue: state.run };
    default:
      return state;
  }
}

export function next(state: WizardState): WizardState {
  switch (state.screen) {
    case 'rescue-data':
      return state.phase === 'kept' ? golden(state.run) : state;
    case 'rescue-golden':
      if (state.phase === 'stopped') return { ...state, phase: 'running', error: null };
      if (state.phase !== 'done' && state.phase !== 'skipped') return state;
      return earlierJob(state.run) === null ? target(state.run) : resumeJob(state.run);
    case 'rescue-target':
      return state.phase === 'plan' && state.plan !== null && state.plan.conversion !== 'impossible'
        ? { ...state, phase: 'starting', error: null }
        : state;
    default:
      return state;
  }
}

export function choose(state: WizardState, folder: string): WizardState {
  if (state.screen === 'rescue-list') {
    const item = chosenItem(state);
    return item === undefined ? state : keeping({ item, folder, saved: null, format: null });
  }
  if (state.screen !== 'rescue-target') return state;
  if (state.phase === 'provider') {
    const provider = state.providers[state.providerCursor] ?? null;
    return { ...state, phase: 'models', provider, models: null, modelCursor: 0, error: null };
  }
  const model = state.models?.[state.modelCursor];
  if (state.phase !== 'models' || model === undefined || !model.fineTunable) return state;
  return { ...state, phase: 'plan', plan: null, error: null };
}
