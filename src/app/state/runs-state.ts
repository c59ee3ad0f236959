import type { curvesOf, Run } from '../../rescue/run-history.js';
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
  /** The run marked as A with `c`, waiting for the B to compare it with. */
  readonly marked?: number | undefined;
  /** Two runs side by side (`c` on a second run), their curves once fetched from their providers. */
  readonly compare?: RunsCompare | undefined;
  readonly back: Exclude<WizardState, RunsView>;
}

export interface RunsCompare {
  readonly a: Run;
  readonly b: Run;
  /** Null while the losses are fetched. */
  readonly curves: { readonly a: Curves; readonly b: Curves } | null;
  /** Why a run has no curve (its provider out of reach); the settings still compare. */
  readonly notes: readonly string[];
}

export type Curves = ReturnType<typeof curvesOf>;

export type RunsAction =
  | { readonly type: 'runs-open' }
  | { readonly type: 'runs-loaded'; readonly runs: readonly Run[] }
  | { readonly type: 'runs-failed'; readonly message: string }
  | { readonly type: 'runs-move'; readonly delta: number }
  | { readonly type: 'runs-mark' }
  | {
      readonly type: 'runs-curves';
      readonly curves: { readonly a: Curves; readonly b: Curves };
      readonly notes: readonly string[];
    }
  | { readonly type: 'runs-back' };

// Every action type once: `satisfies` refuses a missing or a made-up one.
const TYPES = {
  'runs-open': true,
  'runs-loaded': true,
  'runs-failed': true,
  'runs-move': true,
  'runs-mark': true,
  'runs-curves': true,
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
    case 'runs-mark': {
      if (state.screen !== 'runs' || state.runs === null || state.compare !== undefined) return state;
      const a = state.marked === undefined ? undefined : state.runs[state.marked];
      const b = state.runs[state.cursor];
      if (b === undefined) return state;
      // First `c` marks A; `c` on A again unmarks it; `c` on another run compares the two.
      if (a === undefined) return { ...state, marked: state.cursor };
      if (state.marked === state.cursor) return { ...state, marked: undefined };
      return { ...state, marked: undefined, compare: { a, b, curves: null, notes: [] } };
    }
    case 'runs-curves':
      return state.screen === 'runs' && state.compare !== undefined
        ? { ...state, compare: { ...state.compare, curves: action.curves, notes: action.notes } }
        : state;
    case 'runs-back':
      if (state.screen !== 'runs') return state;
      // From the comparison back to the list; from the list back to where the screen was opened.
      return state.compare !== undefined ? { ...state, compare: undefined } : state.back;
  }
}
