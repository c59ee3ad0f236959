import { assertNever } from '../../core/errors.js';
import type { KeyContext } from '../keys.js';
import { isFinal } from './panel.js';
import { reviewable, type WizardState } from './wizard-state.js';

/** Which row of the key table is live: the screen's input handler and the footer both ask this. */
export function keyContext(state: WizardState): KeyContext {
  switch (state.screen) {
    case 'path':
      return 'path';
    case 'reading':
      return 'reading';
    case 'map-columns':
      return 'mapColumns';
    case 'failed':
      return 'failed';
    case 'summary':
      return 'summary';
    case 'resume':
      return 'resume';
    case 'review': {
      if (state.overlay !== 'none') return state.overlay;
      const finding = reviewable(state.analysis)[state.index];
      if (finding?.kind === 'necessary') return 'reviewNecessary';
      return finding?.id === 'add-system-message' ? 'reviewSystem' : 'reviewOptional';
    }
    case 'samples':
      return 'samples';
    case 'split':
      return 'split';
    case 'writing':
      return 'writing';
    case 'exists':
      return state.naming ? 'existsName' : 'exists';
    case 'written':
      return state.result === null ? 'writtenFailed' : 'written';
    case 'model':
      if (state.loadError !== null) return 'modelFailed';
      return state.phase === 'pick'
        ? 'modelPick'
        : state.phase === 'convert'
          ? 'modelConvert'
          : 'modelOptions';
    case 'upload':
      return state.error === null ? 'upload' : 'uploadFailed';
    case 'job':
      if (state.panel.overlay === 'cancel') return 'jobConfirm';
      if (!isFinal(state.panel)) return 'job';
      return state.panel.job.status === 'succeeded' ? 'jobDone' : 'jobEnded';
    case 'eval':
      return state.run.phase === 'running'
        ? 'evalRunning'
        : state.run.phase === 'done'
          ? 'evalDone'
          : 'evalFailed';
    case 'chat':
      return 'writing';
    case 'exit':
      return 'writing';
    default:
      return assertNever(state);
  }
}
