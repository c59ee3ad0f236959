import { PROVIDERS, type ProviderName } from '../../api/provider.js';
import { assertNever } from '../../core/errors.js';
import { fitOf } from './model-step.js';
import { initialPanel } from './panel.js';
import {
  chosenItem,
  currentNeed,
  initialRescue,
  stillAnswers,
  type RescueAction,
  type RescueRun,
  type RescueView,
} from './rescue-state.js';
import type { WizardState } from './wizard-state.js';

type View<S extends RescueView['screen']> = Extract<RescueView, { screen: S }>;

function golden(run: RescueRun): View<'rescue-golden'> {
  const gone = run.item.daysLeft !== null && run.item.daysLeft <= 0;
  return { screen: 'rescue-golden', run, phase: gone ? 'skipped' : 'running', progress: null, error: null };
}

function target(run: RescueRun): View<'rescue-target'> {
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

function keeping(
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
function resumeJob(run: RescueRun): View<'rescue-target'> {
  return { ...target(run), phase: 'starting', provider: earlierJob(run)?.provider ?? null };
}

function wrap(n: number, length: number): number {
  return length === 0 ? 0 : (n + length) % length;
}

/** Moves within whatever list the screen shows: models, providers, flipped examples, report lines. */
function move(state: WizardState, delta: number): WizardState {
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

function back(state: WizardState): WizardState {
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

function next(state: WizardState): WizardState {
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

function choose(state: WizardState, folder: string): WizardState {
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

/** The rescue part of the wizard's one reducer. */
export function rescueReducer(state: WizardState, action: RescueAction): WizardState {
  switch (action.type) {
    case 'rescue-open':
      return initialRescue(action.model ?? null);
    case 'rescue-inventory': {
      if (state.screen !== 'rescue-list') return state;
      const at = action.inventory.items.findIndex((i) => i.model === state.preselect);
      return { ...state, inventory: action.inventory, error: null, cursor: Math.max(0, at) };
    }
    case 'rescue-failed':
      switch (state.screen) {
        case 'rescue-list':
        case 'rescue-target':
          return {
            ...state,
            error: action.error,
            ...(state.screen === 'rescue-target' && state.phase === 'starting'
              ? { phase: 'plan' as const }
              : {}),
          };
        case 'rescue-data': {
          // A copy the user gave that does not match: ask again, saying why.
          const first = state.needs[0];
          if (state.phase === 'keeping' && first !== undefined) {
            return {
              ...state,
              phase: 'ask',
              local: {},
              path: first.suggestion ?? '',
              candidates: [],
              error: action.error,
            };
          }
          return { ...state, phase: 'failed', error: action.error };
        }
        case 'rescue-golden':
        case 'rescue-compare':
          return { ...state, phase: 'failed', error: action.error };
        default:
          return state;
      }
    case 'rescue-retry':
      switch (state.screen) {
        case 'rescue-list':
          return { ...state, inventory: null, error: null };
        case 'rescue-data':
          return state.phase === 'failed' ? keeping(state.run, {}) : state;
        case 'rescue-golden':
          return state.phase === 'failed' ? { ...state, phase: 'running', error: null } : state;
        case 'rescue-compare':
          return state.phase === 'failed'
            ? { ...state, phase: 'running', error: null, progress: null }
            : state;
        case 'rescue-target':
          return state.error === null
            ? state
            : {
                ...state,
                error: null,
                ...(state.phase === 'models' ? { models: null } : {}),
                ...(state.phase === 'plan' ? { plan: null } : {}),
              };
        default:
          return state;
      }
    case 'rescue-move':
      return move(state, action.delta);
    case 'rescue-choose':
      return choose(state, action.folder);
    case 'rescue-back':
      return back(state);
    case 'rescue-next':
      return next(state);
    case 'rescue-kept': {
      if (state.screen !== 'rescue-data' || state.phase !== 'keeping') return state;
      const run = { ...state.run, saved: action.saved, format: action.format };
      const asked = { ...state, run, kept: action.kept, needs: action.needs, error: null };
      const need = currentNeed(asked);
      return need === undefined
        ? { ...asked, phase: 'kept' }
        : { ...asked, phase: 'ask', path: need.suggestion ?? '', candidates: [] };
    }
    case 'rescue-path':
      return state.screen === 'rescue-data' && state.phase === 'ask'
        ? { ...state, path: action.path, candidates: action.candidates ?? [] }
        : state;
    case 'rescue-give': {
      if (state.screen !== 'rescue-data' || state.phase !== 'ask') return state;
      const need = currentNeed(state);
      if (need === undefined) return state;
      const local = { ...state.local, [need.role]: action.path };
      const rest = currentNeed({ ...state, local });
      // Every copy given: keep them (each is checked against the job then).
      return rest === undefined
        ? keeping(state.run, local, state.needs)
        : { ...state, local, path: rest.suggestion ?? '', candidates: [], error: null };
    }
    case 'rescue-progress':
      return (state.screen === 'rescue-golden' || state.screen === 'rescue-compare') &&
        state.phase === 'running'
        ? { ...state, progress: action.progress }
        : state;
    case 'rescue-golden-done':
      return state.screen === 'rescue-golden' && (state.phase === 'running' || state.phase === 'stopped')
        ? { ...state, run: { ...state.run, saved: action.saved }, phase: action.stopped ? 'stopped' : 'done' }
        : state;
    case 'rescue-stop':
      return state.screen === 'rescue-golden' && state.phase === 'running'
        ? { ...state, phase: 'stopped' }
        : state;
    case 'rescue-models': {
      if (state.screen !== 'rescue-target' || state.phase !== 'models') return state;
      const format = state.run.format;
      const first = action.models.findIndex(
        (m) => m.fineTunable && (format === null || fitOf(m, format) !== 'no'),
      );
      return { ...state, models: action.models, modelCursor: Math.max(0, first) };
    }
    case 'rescue-plan':
      return state.screen === 'rescue-target' && state.phase === 'plan'
        ? { ...state, plan: action.plan }
        : state;
    case 'rescue-job-started':
      return state.screen === 'rescue-target' && state.phase === 'starting'
        ? {
            screen: 'job',
            file: state.run.folder,
            panel: initialPanel(action.record, action.job),
            rescue: { ...state.run, saved: action.saved },
          }
        : state;
    case 'rescue-compare':
      return state.screen === 'job' && state.rescue !== undefined && state.panel.job.status === 'succeeded'
        ? {
            screen: 'rescue-compare',
            run: state.rescue,
            file: state.file,
            panel: state.panel,
            phase: 'running',
            progress: null,
            compared: null,
            view: 'report',
            live: false,
            cursor: 0,
            error: null,
          }
        : state;
    case 'rescue-compared':
      return state.screen === 'rescue-compare' && state.phase === 'running'
        ? {
            ...state,
            phase: 'done',
            compared: action.compared,
            run: { ...state.run, saved: action.saved },
            cursor: 0,
          }
        : state;
    case 'rescue-view':
      return state.screen === 'rescue-compare' && state.phase === 'done'
        ? { ...state, view: state.view === 'report' ? 'flips' : 'report', cursor: 0 }
        : state;
    case 'rescue-live':
      // The new model's answers are on file: only the old model is asked, then the report is made again.
      return state.screen === 'rescue-compare' &&
        state.phase === 'done' &&
        !state.live &&
        stillAnswers(state.run.item)
        ? { ...state, phase: 'running', live: true, progress: null, compared: null }
        : state;
    default:
      return assertNever(action);
  }
}
