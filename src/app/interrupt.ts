import { assertNever } from '../core/errors.js';
import {
  defaultModel,
  farewell,
  jobFarewell,
  modelFarewell,
  rescueFarewell,
  rescueJobFarewell,
} from './farewells.js';
import type { WizardState } from './state/wizard-state.js';
import { reviewFarewell } from './review-farewell.js';

/**
 * What leaving prints as the wizard closes, with q or Ctrl+C alike (app.tsx gives a screen's quit these
 * words unless it brings its own): the written files and the next command, the job's follow line, or
 * what a review in progress decided and how to resume it, so that leaving never loses the way back.
 */
export function interruptFarewell(state: WizardState, cwd: string): string | null {
  switch (state.screen) {
    case 'job':
    case 'eval':
      return rescueJobFarewell(jobFarewell(state.panel), state.rescue, cwd);
    case 'chat':
      return jobFarewell(state.panel);
    case 'rescue-list':
    case 'rescue-data':
    case 'rescue-golden':
    case 'rescue-target':
    case 'rescue-compare':
      return rescueFarewell(state, cwd);
    case 'written': {
      if (state.result === null) return null;
      return farewell(state.result, state.analysis.input, defaultModel(state.analysis), cwd).join('\n');
    }
    case 'model':
      return modelFarewell(state, state.analysis, cwd);
    case 'upload':
      return modelFarewell(state.step, state.analysis, cwd);
    case 'review':
      return reviewFarewell(state, state.index, cwd);
    case 'samples':
    case 'split':
    case 'writing':
    case 'exists':
      return reviewFarewell(state, null, cwd);
    case 'provider':
    case 'path':
    case 'reading':
    case 'pick-sheet':
    case 'map-columns':
    case 'failed':
    case 'summary':
    case 'resume':
    case 'exit':
      return null;
    case 'runs':
      // Leaving from the Runs screen says what leaving from where it was opened says.
      return interruptFarewell(state.back, cwd);
    default:
      return assertNever(state);
  }
}
