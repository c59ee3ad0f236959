import { assertNever } from '../../core/errors.js';
import type { JobAction } from './job-actions.js';
import {
  chosenModel,
  fieldsOf,
  fieldProblems,
  isTextField,
  optionOf,
  optionValue,
  profileOfStep,
  fitOf,
  initialModelStep,
  jobInput,
  methodsFor,
  type ModelStep,
} from './model-step.js';
import { applyUpdate, initialPanel, isFinal, type Panel } from './panel.js';
import { loaded, type WizardState } from './wizard-state.js';

type ModelState = Extract<WizardState, { screen: 'model' }>;

function stepOf(state: ModelState): ModelStep {
  const {
    screen: _screen,
    analysis: _a,
    columnMap: _c,
    decisions: _d,
    dropped: _p,
    systemMessage: _s,
    ...step
  } = state;
  return step;
}

function modelState(state: ModelState | Extract<WizardState, { screen: 'upload' }>, step: ModelStep) {
  return { screen: 'model' as const, ...loaded(state), ...step };
}

function keptRetry(state: { readonly retry?: ModelState }): { readonly retry?: ModelState } {
  return state.retry === undefined ? {} : { retry: state.retry };
}

/** A job that ended without a model (failed or cancelled) can be tried again from the model step. */
export function canRetry(panel: Panel): boolean {
  return isFinal(panel) && (panel.job.status === 'failed' || panel.job.status === 'cancelled');
}

/** The model step, upload and job panel part of the wizard's one reducer. */
export function jobReducer(state: WizardState, action: JobAction): WizardState {
  switch (action.type) {
    case 'choose-model':
      return state.screen === 'written' && state.result !== null
        ? { screen: 'model', ...loaded(state), ...initialModelStep(state.analysis, state.result) }
        : state;
    case 'models-loaded': {
      if (state.screen !== 'model') return state;
      const more =
        state.trainMore === undefined ? -1 : action.models.findIndex((m) => m.id === state.trainMore?.from);
      if (more >= 0) {
        // Train more: straight to the settings, the job's own model as the base.
        return {
          ...state,
          models: action.models,
          provider: action.provider,
          today: action.today,
          cursor: more,
          phase: 'options',
        };
      }
      // Start on the first model that can train on this data as it is.
      const first = action.models.findIndex((m) => m.fineTunable && fitOf(m, state.files.format) === 'fits');
      return {
        ...state,
        models: action.models,
        provider: action.provider,
        today: action.today,
        cursor: Math.max(0, first),
      };
    }
    case 'corrections-found':
      // Found for the file the job would upload now (the chat conversion writes another).
      return state.screen === 'model' && state.files.train === action.train
        ? { ...state, corrections: action.corrections, correctionsOf: action.train }
        : state;
    case 'converted':
      return state.screen === 'model'
        ? { ...state, files: action.files, converting: false, phase: 'options', corrections: null }
        : state;
    case 'models-failed':
      return state.screen === 'model' ? { ...state, loadError: action.error } : state;
    case 'models-retry':
      // Clearing the error lists the models again (the model step's effect waits for this state).
      return state.screen === 'model' ? { ...state, loadError: null, models: null } : state;
    case 'model-move': {
      if (state.screen !== 'model' || state.phase !== 'pick' || !state.models?.length) return state;
      const n = state.models.length;
      return { ...state, cursor: (state.cursor + action.delta + n) % n };
    }
    case 'model-choose': {
      if (state.screen !== 'model' || state.phase !== 'pick') return state;
      const model = chosenModel(state);
      if (model === undefined || !model.fineTunable) return state;
      const fit = fitOf(model, state.files.format);
      if (fit === 'no') return state;
      return { ...state, phase: fit === 'convert' ? 'convert' : 'options', convertError: null };
    }
    case 'convert':
      if (state.screen !== 'model' || state.phase !== 'convert' || state.converting) return state;
      return action.accept ? { ...state, converting: true, convertError: null } : { ...state, phase: 'pick' };
    case 'convert-failed':
      return state.screen === 'model' ? { ...state, converting: false, convertError: action.message } : state;
    case 'field-move': {
      if (state.screen !== 'model' || state.phase !== 'options') return state;
      const fields = fieldsOf(profileOfStep(state), state.corrections !== null);
      const i = fields.indexOf(state.field);
      const field = fields[(i + action.delta + fields.length) % fields.length] ?? 'suffix';
      return { ...state, field };
    }
    case 'field-edit':
    case 'field-erase': {
      // Edits apply to the current text here, so keys typed faster than a render all land.
      if (state.screen !== 'model' || state.phase !== 'options') return state;
      const { field } = state;
      if (!isTextField(field)) {
        return action.type === 'field-edit' && action.typed === ' '
          ? jobReducer(state, { type: 'method-toggle' })
          : state;
      }
      const text = state[field];
      return {
        ...state,
        [field]:
          action.type === 'field-erase'
            ? action.all === true
              ? ''
              : text.slice(0, -1)
            : text + action.typed,
      };
    }
    case 'method-toggle': {
      // The field of choices under the cursor moves on: the method, or one of the row's create options.
      if (state.screen !== 'model' || state.phase !== 'options') return state;
      if (state.field === 'corrections') return { ...state, includeCorrections: !state.includeCorrections };
      const option = optionOf(profileOfStep(state), state.field);
      if (option !== undefined) {
        const at = option.choices.indexOf(optionValue(state, option));
        const next = option.choices[(at + 1) % option.choices.length] ?? option.default;
        return { ...state, options: { ...state.options, [option.key]: next } };
      }
      const methods = methodsFor(state.files.format);
      const next = methods[(methods.indexOf(state.method) + 1) % methods.length] ?? 'supervised';
      return { ...state, method: next };
    }
    case 'model-back':
      if (state.screen === 'model') {
        if (state.phase !== 'pick') return { ...state, phase: 'pick' };
        if (state.trainMore !== undefined) return state.trainMore.back;
        return { screen: 'written', ...loaded(state), result: state.result, message: null };
      }
      if (state.screen === 'upload' && state.error !== null) {
        return modelState(state, { ...state.step, phase: 'options' });
      }
      return state;
    case 'start-job': {
      if (state.screen !== 'model' || state.phase !== 'options') return state;
      const model = chosenModel(state);
      if (model === undefined || Object.keys(fieldProblems(state)).length > 0) return state;
      const step = stepOf(state);
      return {
        screen: 'upload',
        ...loaded(state),
        step,
        input: jobInput(step, model.id),
        progress: null,
        error: null,
      };
    }
    case 'upload-progress':
      return state.screen === 'upload' ? { ...state, progress: action.progress } : state;
    case 'upload-failed':
      return state.screen === 'upload' ? { ...state, error: action.error } : state;
    case 'job-started':
      return state.screen === 'upload'
        ? {
            screen: 'job',
            file: state.analysis.input,
            panel: initialPanel(action.record, action.job),
            retry: modelState(state, { ...state.step, phase: 'options' }),
          }
        : state;
    case 'job-update': {
      if (state.screen !== 'job') return state;
      const panel = applyUpdate(state.panel, action.update);
      // A job that ends while its cancel is being confirmed has nothing left to cancel.
      return { ...state, panel: isFinal(panel) ? { ...panel, overlay: 'none' } : panel };
    }
    case 'job-chart':
      return state.screen === 'job'
        ? { ...state, panel: { ...state.panel, chart: state.panel.chart === 'loss' ? 'accuracy' : 'loss' } }
        : state;
    case 'job-scroll': {
      if (state.screen !== 'job') return state;
      const max = Math.max(0, state.panel.events.length - 1);
      const scroll = Math.min(max, Math.max(0, state.panel.scroll + action.delta));
      return { ...state, panel: { ...state.panel, scroll } };
    }
    case 'job-overlay':
      if (state.screen !== 'job' || (action.overlay === 'cancel' && isFinal(state.panel))) return state;
      return { ...state, panel: { ...state.panel, overlay: action.overlay } };
    case 'job-control':
      if (state.screen !== 'job' || state.panel.pending !== null || isFinal(state.panel)) return state;
      return { ...state, panel: { ...state.panel, pending: action.control, overlay: 'none', notice: null } };
    case 'job-control-done': {
      if (state.screen !== 'job') return state;
      const panel = { ...state.panel, pending: null, notice: action.error ?? null };
      return { ...state, panel: action.job ? applyUpdate(panel, { job: action.job }) : panel };
    }
    case 'open-chat':
      return state.screen === 'job' && state.panel.job.status === 'succeeded'
        ? { screen: 'chat', file: state.file, panel: state.panel, ...keptRetry(state) }
        : state;
    case 'close-chat':
      return state.screen === 'chat'
        ? { screen: 'job', file: state.file, panel: state.panel, ...keptRetry(state) }
        : state;
    case 'train-more': {
      if (state.screen !== 'job' || state.retry === undefined) return state;
      const from = state.panel.job.fine_tuned_model;
      if (state.panel.job.status !== 'succeeded' || !from) return state;
      return {
        ...state.retry,
        phase: 'pick',
        models: null,
        loadError: null,
        cursor: 0,
        trainMore: { from, job: state.panel.job.id, back: state },
        // Corrections made since this job started are looked for again.
        corrections: null,
        correctionsOf: null,
      };
    }
    case 'job-retry':
      return state.screen === 'job' && state.retry !== undefined && canRetry(state.panel)
        ? state.retry
        : state;
    default:
      return assertNever(action);
  }
}
