import type { AppError } from '../../api/errors.js';
import type { ModelReport } from '../../core/eval-report.js';
import type { Asked } from '../../core/corrections.js';

/** An answer the fine-tuned model got wrong, offered for correction. */
export interface Miss {
  /** Index of the example in the evaluated file as it was read. */
  readonly index: number;
  readonly asked: Asked;
  /** What was asked, as one line of text for the list. */
  readonly question: string;
  readonly expected: string;
  readonly answer: string;
  /** The base model had it right. */
  readonly flipped: boolean;
}

/** The report, the list of wrong answers, the field correcting one, the question before moving it out. */
export type MissesView =
  | { readonly mode: 'report' }
  | { readonly mode: 'list'; readonly cursor: number }
  | { readonly mode: 'edit'; readonly cursor: number }
  | { readonly mode: 'confirm'; readonly cursor: number; readonly text: string };

/**
 * The evaluation the job panel offers once a job has succeeded: the new model and its base scored
 * on the validation file the wizard wrote (the training file when there is none, said plainly).
 */
export interface EvalTarget {
  readonly file: string;
  /** True when no validation file exists and the training file stands in (an optimistic score). */
  readonly onTraining: boolean;
  /** The fine-tuned model first, then the base it is compared with. */
  readonly models: readonly string[];
  /** Set: score this job's checkpoints and final model instead (listed when the run starts). */
  readonly checkpointsOf?: string;
}

export type EvalRun =
  | {
      readonly phase: 'running';
      readonly done: number;
      readonly total: number;
      /** Why the run is waiting (model not served yet, rate limited), if it is. */
      readonly note: string | null;
    }
  | {
      readonly phase: 'done';
      readonly reports: readonly ModelReport[];
      readonly scroll: number;
      readonly misses: readonly Miss[];
      readonly view: MissesView;
      /** Examples already corrected (by `Miss.index`), and those moved out of the validation file. */
      readonly corrected: readonly number[];
      readonly moved: readonly number[];
      readonly corrections: number | null;
    }
  | { readonly phase: 'failed'; readonly error: AppError };

export type EvalAction =
  | { readonly type: 'open-eval'; readonly checkpoints?: boolean }
  | { readonly type: 'eval-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'eval-note'; readonly note: string | null }
  | {
      readonly type: 'eval-done';
      readonly reports: readonly ModelReport[];
      readonly misses?: readonly Miss[];
    }
  | { readonly type: 'eval-misses'; readonly open: boolean }
  | { readonly type: 'eval-miss-move'; readonly delta: number }
  | { readonly type: 'eval-miss-edit' }
  | { readonly type: 'eval-miss-confirm'; readonly text: string }
  | {
      readonly type: 'eval-corrected';
      readonly index: number;
      readonly moved: boolean;
      readonly count: number;
    }
  | { readonly type: 'eval-corrections'; readonly count: number }
  | { readonly type: 'eval-failed'; readonly error: AppError }
  | { readonly type: 'eval-scroll'; readonly delta: number; readonly max: number }
  | { readonly type: 'eval-close' };

// Every action type once: `satisfies` refuses a missing or a made-up one, so the reducer that
// claims an action can never miss a new one.
const TYPES = {
  'open-eval': true,
  'eval-progress': true,
  'eval-note': true,
  'eval-done': true,
  'eval-misses': true,
  'eval-miss-move': true,
  'eval-miss-edit': true,
  'eval-miss-confirm': true,
  'eval-corrected': true,
  'eval-corrections': true,
  'eval-failed': true,
  'eval-scroll': true,
  'eval-close': true,
} as const satisfies Record<EvalAction['type'], true>;

export function isEvalAction(action: { readonly type: string }): action is EvalAction {
  return Object.hasOwn(TYPES, action.type);
}
