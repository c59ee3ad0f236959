import { assertNever } from '../../core/errors.js';
import { fitOf } from './model-step.js';
import { initialPanel } from './panel.js';
import { back, choose, keeping, move, next } from './rescue-moves.js';
import { currentNeed, initialRescue, stillAnswers, type RescueAction } from './rescue-state.js';
import type { WizardState } from './wizard-state.js';

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
