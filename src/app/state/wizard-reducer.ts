import { assertNever } from '../../core/errors.js';
import type { Analysis } from '../engine.js';
import { evalReducer } from './eval-reducer.js';
import { isEvalAction } from './eval-state.js';
import { isJobAction } from './job-actions.js';
import { proposedSystemMessage } from './system-message.js';
import { jobReducer } from './job-reducer.js';
import { rescueReducer } from './rescue-reducer.js';
import { isRescueAction } from './rescue-state.js';
import { isRunsAction, runsReducer } from './runs-state.js';
import { acceptSuggestions, isQualityAction, qualityReducer } from './quality-review.js';
import {
  loaded,
  reviewable,
  type ColumnMap,
  type Decision,
  type Loaded,
  type Sequence,
  type WizardAction,
  type WizardState,
} from './wizard-state.js';

function startReview(base: Loaded, index: number, sequence: Sequence | null = null): WizardState {
  const total = reviewable(base.analysis).length;
  if (index >= total) return { screen: 'samples', ...loaded(base), samples: null, page: 0 };
  return { screen: 'review', ...loaded(base), index, overlay: 'none', rowsOffset: 0, sequence };
}

const DEFAULT_OUTPUT = { name: null, force: false, stratify: false } as const;

function afterSamples(base: Loaded): WizardState {
  return base.analysis.taskType === 'classification'
    ? { screen: 'split', ...loaded(base) }
    : { screen: 'writing', ...loaded(base), split: false, output: DEFAULT_OUTPUT };
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
      ...(state.sheet === undefined ? {} : { sheet: state.sheet }),
      firstRow: analysis.firstRow ?? null,
      message: null,
    };
  }
  return { screen: 'failed', analysis };
}

/**
 * The wizard's one reducer: every screen change is a pure transition here. Effects (reading,
 * sampling, writing, saving) live in hooks that watch the state and dispatch.
 */
export function wizardReducer(state: WizardState, action: WizardAction): WizardState {
  if (isJobAction(action)) return jobReducer(state, action);
  if (isEvalAction(action)) return evalReducer(state, action);
  if (isRescueAction(action)) return rescueReducer(state, action);
  if (isRunsAction(action)) return runsReducer(state, action);
  if (isQualityAction(action))
    return qualityReducer(
      state,
      action,
      state.screen === 'review' ? reviewable(state.analysis)[state.index] : undefined,
    );
  switch (action.type) {
    case 'provider-move': {
      if (state.screen !== 'provider' || state.chosen !== null) return state;
      const n = state.candidates.length;
      return { ...state, cursor: (state.cursor + action.delta + n) % n };
    }
    case 'provider-choose':
      return state.screen === 'provider' && state.chosen === null
        ? { ...state, chosen: state.candidates[state.cursor] ?? null }
        : state;
    case 'provider-remembered':
      return state.screen === 'provider' && state.chosen !== null ? state.then : state;
    case 'path-edit':
      return state.screen === 'path'
        ? { ...state, path: action.path, candidates: action.candidates ?? [], message: null }
        : state;
    case 'open':
      return { screen: 'reading', path: action.path, columnMap: action.columnMap, progress: null };
    case 'progress':
      return state.screen === 'reading' ? { ...state, progress: action.progress } : state;
    case 'sheets-found':
      return state.screen === 'reading' && state.sheet === undefined
        ? {
            screen: 'pick-sheet',
            path: state.path,
            columnMap: state.columnMap,
            sheets: action.sheets,
            cursor: 0,
          }
        : state;
    case 'sheet-move': {
      if (state.screen !== 'pick-sheet') return state;
      const n = state.sheets.length;
      return { ...state, cursor: (state.cursor + action.delta + n) % n };
    }
    case 'sheet-choose': {
      if (state.screen !== 'pick-sheet') return state;
      const sheet = state.sheets[action.index ?? state.cursor];
      if (sheet === undefined) return state;
      return {
        screen: 'reading',
        path: state.path,
        columnMap: state.columnMap,
        progress: null,
        sheet: sheet.name,
      };
    }
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
      return { ...state, cursor: (state.cursor + action.delta + n) % n, message: null };
    }
    case 'map-choose': {
      if (state.screen !== 'map-columns') return state;
      const column = state.columns[state.cursor] ?? '';
      if (state.field === 'prompt') return { ...state, field: 'completion', prompt: column, cursor: 0 };
      // One column cannot be both: the model would learn to repeat its input.
      if (column === state.prompt) {
        return { ...state, message: `"${column}" is already the prompt: choose another column.` };
      }
      const columnMap: ColumnMap = { prompt: state.prompt ?? 'prompt', completion: column };
      return {
        screen: 'reading',
        path: state.path,
        columnMap,
        progress: null,
        ...(state.sheet === undefined ? {} : { sheet: state.sheet }),
      };
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
      const base = {
        ...loaded(state),
        decisions: state.saved.decisions,
        dropped: state.saved.dropped,
        ...(state.saved.systemMessage === undefined ? {} : { systemMessage: state.saved.systemMessage }),
        ...(state.saved.relabels === undefined ? {} : { relabels: state.saved.relabels }),
      };
      return startReview(base, Math.min(state.saved.index, reviewable(state.analysis).length));
    }
    case 'decide': {
      if (state.screen !== 'review') return state;
      const finding = reviewable(state.analysis)[state.index];
      if (finding === undefined) return state;
      if (finding.kind === 'necessary' && action.decision === 'reject')
        return { ...state, overlay: 'decline' };
      const decisions = { ...state.decisions, [finding.id]: action.decision };
      return startReview({ ...loaded(state), decisions }, state.index + 1, state.sequence);
    }
    case 'back':
      switch (state.screen) {
        case 'review':
          return state.index === 0
            ? { screen: 'summary', ...loaded(state), saved: null }
            : { ...state, index: state.index - 1, overlay: 'none', rowsOffset: 0, cursor: 0 };
        case 'samples':
          return startReview(state, Math.max(0, reviewable(state.analysis).length - 1));
        case 'split':
          return { screen: 'samples', ...loaded(state), samples: null, page: 0 };
        case 'resume':
          // The saved review stays: Enter on the summary asks again.
          return { screen: 'summary', ...loaded(state), saved: state.saved };
        default:
          return state;
      }
    case 'accept-rest': {
      if (state.screen !== 'review') return state;
      const decisions: Record<string, Decision> = { ...state.decisions };
      const rest = reviewable(state.analysis).slice(state.index);
      for (const finding of rest) {
        decisions[finding.id] ??= 'accept';
      }
      const base = acceptSuggestions({ ...loaded(state), decisions }, rest);
      return startReview(base, reviewable(state.analysis).length);
    }
    case 'overlay':
      return state.screen === 'review' ? { ...state, overlay: action.overlay, rowsOffset: 0 } : state;
    case 'sequence-counted':
      return state.screen === 'review' ? { ...state, sequence: action.sequence } : state;
    case 'system-message': {
      if (state.screen !== 'review') return state;
      const text = action.text.trim();
      // The text proposed, or nothing at all, is no text of the user's.
      const own = text === '' || text === proposedSystemMessage(state.analysis) ? undefined : text;
      const { systemMessage: _old, ...rest } = state;
      return { ...rest, ...(own === undefined ? {} : { systemMessage: own }), overlay: 'none' };
    }
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
    case 'split-counted':
      return state.screen === 'split' ? { ...state, kept: action.kept } : state;
    case 'split':
      return state.screen === 'split'
        ? {
            screen: 'writing',
            ...loaded(state),
            split: action.split,
            output: { ...DEFAULT_OUTPUT, stratify: action.split && action.stratify === true },
          }
        : state;
    case 'output-exists':
      return state.screen === 'writing'
        ? {
            screen: 'exists',
            ...loaded(state),
            split: state.split,
            paths: action.paths,
            suggestion: action.suggestion,
            output: state.output,
            naming: false,
          }
        : state;
    case 'output-choice': {
      if (state.screen !== 'exists') return state;
      switch (action.choice) {
        case 'overwrite':
          return {
            screen: 'writing',
            ...loaded(state),
            split: state.split,
            output: { ...state.output, force: true },
          };
        case 'name':
          return { ...state, naming: true };
        case 'ask':
          return { ...state, naming: false };
        case 'back':
          return state.analysis.taskType === 'classification'
            ? { screen: 'split', ...loaded(state) }
            : { screen: 'samples', ...loaded(state), samples: null, page: 0 };
        default:
          return assertNever(action.choice);
      }
    }
    case 'output-name': {
      if (state.screen !== 'exists') return state;
      const name = action.name.trim().replace(/\.jsonl$/i, '');
      if (name === '' || /[\\/]/.test(name)) return state;
      return {
        screen: 'writing',
        ...loaded(state),
        split: state.split,
        output: { ...state.output, name, force: false },
      };
    }
    case 'written':
      return state.screen === 'writing'
        ? {
            screen: 'written',
            ...loaded(state),
            // The analysis of what was written (its token figures), when it was counted.
            ...(action.analysis === undefined ? {} : { analysis: action.analysis }),
            result: action.result,
            message: null,
          }
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
