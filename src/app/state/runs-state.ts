import type { Run } from '../../rescue/run-history.js';
import type { WizardState } from './wizard-state.js';

/**
 * The Runs screen: every job this tool created or followed (rescue/run-history.ts), one selected and
 * described. Opened from the path field and from a finished job's panel; Esc goes back to where it
 * was opened, as it was.
 */
export interface RunsView {
  readonly screen: 'runs';
  /** Null while the records are read. */
  readonly runs: readonly Run[] | null;
  readonly error: string | null;
  readonly cursor: number;
  readonly back: Exclude<WizardState, RunsView>;
}

export type RunsAction =
  | { readonly type: 'runs-open' }
  | { readonly type: 'runs-loaded'; readonly runs: readonly Run[] }
  | { readonly type: 'runs-failed'; readonly message: string }
  | { readonly type: 'runs-move'; readonly delta: number }
  | { readonly type: 'runs-back' };

// Every action type once: `satisfies` refuses a missing or a made-up one.
const TYPES = {
  'runs-open': true,
  'runs-loaded': true,
  'runs-failed': true,
  'runs-move': true,
  'runs-back': true,
} as const satisfies Record<RunsAction['type'], true>;

export function isRunsAction(action: { readonly type: string }): action is RunsAction {
  return Object.hasOwn(TYPES, action.type);
}

export function runsReducer(state: WizardState, action: RunsAction): WizardState {
  switch (action.type) {
    case 'runs-open':
      // Only from the screens that offer it (their key tables say which); never from itself.
      return state.screen === 'path' || state.screen === 'job'
        ? { screen: 'runs', runs: null, error: null, cursor: 0, back: state }
        : state;
    case 'runs-loaded':
      return state.screen === 'runs' ? { ...state, runs: action.runs, cursor: 0 } : state;
    case 'runs-failed':
      return state.screen === 'runs' ? { ...state, error: action.message } : state;
    case 'runs-move': {
      if (state.screen !== 'runs' || state.runs === null || state.runs.length === 0) return state;
      const last = state.runs.length - 1;
      return { ...state, cursor: Math.max(0, Math.min(last, state.cursor + action.delta)) };
    }
    case 'runs-back':
      return state.screen === 'runs' ? state.back : state;
  }
}
