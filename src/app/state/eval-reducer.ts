import { assertNever } from '../../core/errors.js';
import type { EvalAction, EvalRun, EvalTarget } from './eval-state.js';
import { missesReducer } from './misses-reducer.js';
import type { WizardState } from './wizard-state.js';

/** The evaluation screen's moves (its actions and types are in eval-state.ts). */
type JobState = Extract<WizardState, { screen: 'job' }>;

/** What to score and on which file, from the job panel's record and job. */
export function evalTarget(state: JobState): EvalTarget | null {
  const model = state.panel.job.fine_tuned_model;
  if (state.panel.job.status !== 'succeeded' || !model) return null;
  const { validationFile, trainingFile, model: base } = state.panel.record;
  return {
    file: validationFile?.path ?? trainingFile.path,
    onTraining: validationFile === null,
    models: base === model ? [model] : [model, base],
  };
}

export function evalReducer(state: WizardState, action: EvalAction): WizardState {
  if (action.type === 'open-eval') {
    if (state.screen !== 'job') return state;
    const found = evalTarget(state);
    if (found === null) return state;
    const target: EvalTarget = action.checkpoints
      ? { ...found, models: [], checkpointsOf: state.panel.job.id }
      : found;
    const run: EvalRun = { phase: 'running', done: 0, total: 0, note: null };
    const rescue = state.rescue === undefined ? {} : { rescue: state.rescue };
    const retry = state.retry === undefined ? {} : { retry: state.retry };
    return { screen: 'eval', file: state.file, panel: state.panel, target, run, ...rescue, ...retry };
  }
  if (state.screen !== 'eval') return state;
  const { run } = state;
  switch (action.type) {
    case 'eval-progress':
      return run.phase === 'running'
        ? { ...state, run: { ...run, done: action.done, total: action.total, note: null } }
        : state;
    case 'eval-note':
      return run.phase === 'running' ? { ...state, run: { ...run, note: action.note } } : state;
    case 'eval-done':
      return run.phase === 'running'
        ? {
            ...state,
            run: {
              phase: 'done',
              reports: action.reports,
              scroll: 0,
              misses: action.misses ?? [],
              view: { mode: 'report' },
              corrected: [],
              moved: [],
              corrections: null,
            },
          }
        : state;
    case 'eval-misses':
    case 'eval-miss-move':
    case 'eval-miss-edit':
    case 'eval-miss-confirm':
    case 'eval-corrected':
    case 'eval-corrections':
      return run.phase === 'done' ? { ...state, run: missesReducer(run, action) } : state;
    case 'eval-failed':
      return run.phase === 'running' ? { ...state, run: { phase: 'failed', error: action.error } } : state;
    case 'eval-scroll': {
      if (run.phase !== 'done') return state;
      const scroll = Math.min(Math.max(0, action.max), Math.max(0, run.scroll + action.delta));
      return { ...state, run: { ...run, scroll } };
    }
    case 'eval-close':
      // Leaving the screen unmounts its effect, which aborts the requests still in flight.
      return {
        screen: 'job',
        file: state.file,
        panel: state.panel,
        ...(state.rescue === undefined ? {} : { rescue: state.rescue }),
        ...(state.retry === undefined ? {} : { retry: state.retry }),
      };
    default:
      return assertNever(action);
  }
}
