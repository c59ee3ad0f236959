import { assertNever } from '../core/errors.js';
import { jobFarewell } from './screens/job-screens.js';
import { modelFarewell } from './screens/model-screens.js';
import { defaultModel, farewell } from './screens/write-screens.js';
import type { WizardState } from './state/wizard-state.js';

/**
 * What Ctrl+C prints as the wizard closes: the words the screen's own quit key prints (the written
 * files and the next command, or the job's follow line), so an interrupt never loses the way back.
 * Decisions of a review in progress are saved as they are made, so those screens print nothing.
 */
export function interruptFarewell(state: WizardState, cwd: string): string | null {
  switch (state.screen) {
    case 'job':
    case 'chat':
    case 'eval':
      return jobFarewell(state.panel);
    case 'written': {
      if (state.result === null) return null;
      return farewell(state.result, state.analysis.input, defaultModel(state.analysis), cwd).join('\n');
    }
    case 'model':
      return modelFarewell(state, state.analysis, cwd);
    case 'upload':
      return modelFarewell(state.step, state.analysis, cwd);
    case 'path':
    case 'reading':
    case 'map-columns':
    case 'failed':
    case 'summary':
    case 'resume':
    case 'review':
    case 'samples':
    case 'split':
    case 'writing':
    case 'exists':
    case 'exit':
      return null;
    default:
      return assertNever(state);
  }
}
