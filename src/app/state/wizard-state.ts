import type { ExampleView, Finding } from '../../core/findings.js';
import { assertNever } from '../../core/errors.js';
import type { Analysis, WriteResult } from '../engine.js';

/**
 * The whole wizard is one reducer over a tagged union: each screen is a state, no router.
 * Effects (reading, sampling, writing, saving) live in hooks that watch the state and dispatch.
 */
export type Decision = 'accept' | 'reject';
/** The columns the user mapped to prompt and completion when the file lacked them. */
export interface ColumnMap {
  readonly prompt: string;
  readonly completion: string;
}
export type DecisionMap = Readonly<Record<string, Decision>>;
export interface Progress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}
export interface Sample {
  readonly position: number;
  readonly example: ExampleView;
}
export interface SavedReview {
  readonly decisions: DecisionMap;
  readonly index: number;
  readonly dropped: readonly number[];
}

/** What every state after a successful analysis carries. */
interface Loaded {
  readonly analysis: Analysis;
  readonly columnMap: ColumnMap | undefined;
  readonly decisions: DecisionMap;
  readonly dropped: readonly number[];
}

export type WizardState =
  | {
      readonly screen: 'path';
      readonly path: string;
      readonly candidates: readonly string[];
      readonly message: string | null;
    }
  | {
      readonly screen: 'reading';
      readonly path: string;
      readonly columnMap: ColumnMap | undefined;
      readonly progress: Progress | null;
    }
  | {
      readonly screen: 'map-columns';
      readonly path: string;
      readonly columns: readonly string[];
      readonly field: 'prompt' | 'completion';
      readonly cursor: number;
      readonly prompt: string | null;
    }
  | { readonly screen: 'failed'; readonly analysis: Analysis }
  | ({ readonly screen: 'summary'; readonly saved: SavedReview | null } & Loaded)
  | ({ readonly screen: 'resume'; readonly saved: SavedReview } & Loaded)
  | ({
      readonly screen: 'review';
      readonly index: number;
      readonly overlay: 'none' | 'rows' | 'help' | 'decline';
      readonly rowsOffset: number;
    } & Loaded)
  | ({
      readonly screen: 'samples';
      readonly samples: readonly Sample[] | null;
      readonly page: number;
    } & Loaded)
  | ({ readonly screen: 'split' } & Loaded)
  | ({ readonly screen: 'writing'; readonly split: boolean } & Loaded)
  | ({
      readonly screen: 'written';
      readonly result: WriteResult | null;
      readonly message: string | null;
    } & Loaded)
  | { readonly screen: 'exit'; readonly farewell: string | null };

export type WizardAction =
  | { readonly type: 'path-edit'; readonly path: string; readonly candidates?: readonly string[] }
  | { readonly type: 'open'; readonly path: string; readonly columnMap?: ColumnMap }
  | { readonly type: 'progress'; readonly progress: Progress }
  | { readonly type: 'analysis-done'; readonly analysis: Analysis; readonly saved: SavedReview | null }
  | { readonly type: 'analysis-failed'; readonly message: string }
  | { readonly type: 'other-file' }
  | { readonly type: 'map-move'; readonly delta: number }
  | { readonly type: 'map-choose' }
  | { readonly type: 'next' }
  | { readonly type: 'resume'; readonly yes: boolean }
  | { readonly type: 'decide'; readonly decision: Decision }
  | { readonly type: 'back' }
  | { readonly type: 'accept-rest' }
  | { readonly type: 'overlay'; readonly overlay: 'none' | 'rows' | 'help' | 'decline' }
  | { readonly type: 'rows-offset'; readonly offset: number }
  | { readonly type: 'samples-loaded'; readonly samples: readonly Sample[] }
  | { readonly type: 'sample-page'; readonly delta: number }
  | { readonly type: 'sample-toggle' }
  | { readonly type: 'samples-done' }
  | { readonly type: 'split'; readonly split: boolean }
  | { readonly type: 'written'; readonly result: WriteResult }
  | { readonly type: 'write-failed'; readonly message: string }
  | { readonly type: 'quit'; readonly farewell?: string };

/** Findings that get a screen of their own in the review: necessary and optional fixes. */
export function reviewable(analysis: Analysis): readonly Finding[] {
  return analysis.findings.filter((f) => f.kind === 'necessary' || f.kind === 'optional');
}

/** Optional fixes the user accepted: what the engine needs (necessary fixes always apply). */
export function acceptedIds(analysis: Analysis, decisions: DecisionMap): ReadonlySet<string> {
  return new Set(
    analysis.findings.filter((f) => f.kind === 'optional' && decisions[f.id] === 'accept').map((f) => f.id),
  );
}

export function initialState(file: string | undefined): WizardState {
  return file === undefined
    ? { screen: 'path', path: '', candidates: [], message: null }
    : { screen: 'reading', path: file, columnMap: undefined, progress: null };
}

function loaded(state: Loaded): Loaded {
  return {
    analysis: state.analysis,
    columnMap: state.columnMap,
    decisions: state.decisions,
    dropped: state.dropped,
  };
}

function startReview(base: Loaded, index: number): WizardState {
  const total = reviewable(base.analysis).length;
  if (index >= total) return { screen: 'samples', ...loaded(base), samples: null, page: 0 };
  return { screen: 'review', ...loaded(base), index, overlay: 'none', rowsOffset: 0 };
}

function afterSamples(base: Loaded): WizardState {
  return base.analysis.taskType === 'classification'
    ? { screen: 'split', ...loaded(base) }
    : { screen: 'writing', ...loaded(base), split: false };
}

function mapColumnsOrFail(state: WizardState & { screen: 'reading' }, analysis: Analysis): WizardState {
  if (analysis.error?.id === 'missing-column' && analysis.columns.length > 0) {
    return {
      screen: 'map-columns',
      path: state.path,
      columns: analysis.columns,
      field: 'prompt',
      cursor: 0,
      prompt: null,
    };
  }
  return { screen: 'failed', analysis };
}

export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  switch (action.type) {
    case 'path-edit':
      return state.screen === 'path'
        ? { ...state, path: action.path, candidates: action.candidates ?? [], message: null }
        : state;
    case 'open':
      return { screen: 'reading', path: action.path, columnMap: action.columnMap, progress: null };
    case 'progress':
      return state.screen === 'reading' ? { ...state, progress: action.progress } : state;
    case 'analysis-done': {
      if (state.screen !== 'reading') return state;
      if (action.analysis.error !== null) return mapColumnsOrFail(state, action.analysis);
      const base: Loaded = {
        analysis: action.analysis,
        columnMap: state.columnMap,
        decisions: {},
        dropped: [],
      };
      return { screen: 'summary', ...base, saved: action.saved };
    }
    case 'analysis-failed':
      return state.screen === 'reading'
        ? { screen: 'path', path: state.path, candidates: [], message: action.message }
        : state;
    case 'other-file': {
      const path = 'path' in state ? state.path : 'analysis' in state ? state.analysis.input : '';
      return { screen: 'path', path, candidates: [], message: null };
    }
    case 'map-move': {
      if (state.screen !== 'map-columns') return state;
      const n = state.columns.length;
      return { ...state, cursor: (state.cursor + action.delta + n) % n };
    }
    case 'map-choose': {
      if (state.screen !== 'map-columns') return state;
      const column = state.columns[state.cursor] ?? '';
      if (state.field === 'prompt') return { ...state, field: 'completion', prompt: column, cursor: 0 };
      const columnMap: ColumnMap = { prompt: state.prompt ?? 'prompt', completion: column };
      return { screen: 'reading', path: state.path, columnMap, progress: null };
    }
    case 'next':
      if (state.screen === 'summary') {
        return state.saved === null
          ? startReview(state, 0)
          : { screen: 'resume', ...loaded(state), saved: state.saved };
      }
      return state;
    case 'resume': {
      if (state.screen !== 'resume') return state;
      if (!action.yes) return startReview({ ...loaded(state), decisions: {}, dropped: [] }, 0);
      const base = { ...loaded(state), decisions: state.saved.decisions, dropped: state.saved.dropped };
      return startReview(base, Math.min(state.saved.index, reviewable(state.analysis).length));
    }
    case 'decide': {
      if (state.screen !== 'review') return state;
      const finding = reviewable(state.analysis)[state.index];
      if (finding === undefined) return state;
      if (finding.kind === 'necessary' && action.decision === 'reject')
        return { ...state, overlay: 'decline' };
      const decisions = { ...state.decisions, [finding.id]: action.decision };
      return startReview({ ...loaded(state), decisions }, state.index + 1);
    }
    case 'back':
      switch (state.screen) {
        case 'review':
          return state.index === 0
            ? { screen: 'summary', ...loaded(state), saved: null }
            : { ...state, index: state.index - 1, overlay: 'none', rowsOffset: 0 };
        case 'samples':
          return startReview(state, Math.max(0, reviewable(state.analysis).length - 1));
        case 'split':
          return { screen: 'samples', ...loaded(state), samples: null, page: 0 };
        default:
          return state;
      }
    case 'accept-rest': {
      if (state.screen !== 'review') return state;
      const decisions: Record<string, Decision> = { ...state.decisions };
      for (const finding of reviewable(state.analysis).slice(state.index)) {
        decisions[finding.id] ??= 'accept';
      }
      return startReview({ ...loaded(state), decisions }, reviewable(state.analysis).length);
    }
    case 'overlay':
      return state.screen === 'review' ? { ...state, overlay: action.overlay, rowsOffset: 0 } : state;
    case 'rows-offset':
      return state.screen === 'review' ? { ...state, rowsOffset: Math.max(0, action.offset) } : state;
    case 'samples-loaded':
      return state.screen === 'samples' ? { ...state, samples: action.samples, page: 0 } : state;
    case 'sample-page': {
      if (state.screen !== 'samples' || state.samples === null) return state;
      const last = Math.max(0, state.samples.length - 1);
      return { ...state, page: Math.min(last, Math.max(0, state.page + action.delta)) };
    }
    case 'sample-toggle': {
      if (state.screen !== 'samples') return state;
      const sample = state.samples?.[state.page];
      if (sample === undefined) return state;
      const dropped = state.dropped.includes(sample.position)
        ? state.dropped.filter((p) => p !== sample.position)
        : [...state.dropped, sample.position];
      return { ...state, dropped };
    }
    case 'samples-done':
      return state.screen === 'samples' ? afterSamples(state) : state;
    case 'split':
      return state.screen === 'split' ? { screen: 'writing', ...loaded(state), split: action.split } : state;
    case 'written':
      return state.screen === 'writing'
        ? { screen: 'written', ...loaded(state), result: action.result, message: null }
        : state;
    case 'write-failed':
      return state.screen === 'writing'
        ? { screen: 'written', ...loaded(state), result: null, message: action.message }
        : state;
    case 'quit':
      return { screen: 'exit', farewell: action.farewell ?? null };
    default:
      return assertNever(action);
  }
}
