import type { EvalRun } from './eval-state.js';
import { assertNever } from '../../core/errors.js';
import type { KeyContext } from '../keys.js';
import { PROFILES } from '../../api/providers/index.js';
import { isFinal } from './panel.js';
import { canRetry } from './job-reducer.js';
import { earlierJob } from './rescue-moves.js';
import { stillAnswers, type RescueView } from './rescue-state.js';
import { reviewable, type WizardState } from './wizard-state.js';
import { isRowReviewed } from './quality-items.js';

/** The rescue path's rows: one per screen and phase. */
export function rescueKeyContext(state: RescueView): KeyContext {
  switch (state.screen) {
    case 'rescue-list':
      return state.error === null ? 'rescueList' : 'rescueListFailed';
    case 'rescue-data':
      return (
        {
          keeping: 'rescueKeeping',
          ask: 'rescueAsk',
          kept: 'rescueKept',
          failed: 'rescueDataFailed',
        } as const
      )[state.phase];
    case 'rescue-golden':
      if ((state.phase === 'done' || state.phase === 'skipped') && earlierJob(state.run) !== null) {
        return 'rescueGoldenDoneJob';
      }
      return (
        {
          running: 'rescueGoldenRunning',
          stopped: 'rescueGoldenStopped',
          done: 'rescueGoldenDone',
          skipped: 'rescueGoldenDone',
          failed: 'rescueGoldenFailed',
        } as const
      )[state.phase];
    case 'rescue-target':
      if (state.error !== null) return 'rescueTargetFailed';
      return (
        {
          provider: 'rescueProviders',
          models: 'rescueModels',
          plan: 'rescuePlan',
          starting: 'rescueStarting',
        } as const
      )[state.phase];
    case 'rescue-compare':
      if (state.phase === 'running') return 'rescueCompareRunning';
      if (state.phase === 'failed') return 'rescueCompareFailed';
      if (state.view === 'flips') return 'rescueFlips';
      return !state.live && stillAnswers(state.run.item) ? 'rescueReportLive' : 'rescueReport';
    default:
      return assertNever(state);
  }
}

/** Which row of the key table is live: the screen's input handler and the footer both ask this. */
export function keyContext(state: WizardState): KeyContext {
  switch (state.screen) {
    case 'provider':
      return 'providerChoice';
    case 'path':
      return 'path';
    case 'reading':
      return 'reading';
    case 'pick-sheet':
      return 'pickSheet';
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
      if (isRowReviewed(finding))
        return finding.id === 'conflicting-labels' ? 'reviewConflict' : 'reviewMislabel';
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
    case 'job': {
      if (state.panel.overlay === 'cancel') return 'jobConfirm';
      // Only keys the provider's row says work: no pause where it has none, no chat before it answers.
      if (!isFinal(state.panel)) {
        return PROFILES[state.panel.record.provider].supports.pauseResume ? 'job' : 'jobNoPause';
      }
      const { job } = state.panel;
      const answers = PROFILES[state.panel.record.provider].servingNote === null;
      if (state.retry !== undefined && canRetry(state.panel)) return 'jobRetry';
      if (!(job.status === 'succeeded' && job.fine_tuned_model && answers)) return 'jobEnded';
      if (state.rescue !== undefined) return 'rescueJobDone';
      // Train more reopens the model step the job came from: only a job the wizard started has one.
      return state.retry === undefined ? 'jobDone' : 'jobDoneMore';
    }
    case 'eval':
      if (state.run.phase === 'done') return evalDoneContext(state.run);
      return state.run.phase === 'running' ? 'evalRunning' : 'evalFailed';
    case 'rescue-list':
    case 'rescue-data':
    case 'rescue-golden':
    case 'rescue-target':
    case 'rescue-compare':
      return rescueKeyContext(state);
    case 'runs':
      return state.error !== null ? 'runsFailed' : state.compare !== undefined ? 'runsCompare' : 'runs';
    case 'chat':
      return 'writing';
    case 'exit':
      return 'writing';
    default:
      return assertNever(state);
  }
}

/** The finished evaluation: the report (with `f` only when there is a wrong answer), the list, the field, the question. */
function evalDoneContext(run: Extract<EvalRun, { phase: 'done' }>): KeyContext {
  switch (run.view.mode) {
    case 'report':
      return run.misses.length > 0 ? 'evalDoneMisses' : 'evalDone';
    case 'list':
      return 'evalMisses';
    case 'edit':
      return 'evalCorrect';
    case 'confirm':
      return 'evalMoveOut';
    default:
      return assertNever(run.view);
  }
}
