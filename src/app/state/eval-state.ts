import type { AppError } from '../../api/errors.js';
import type { ModelReport } from '../../core/eval-report.js';

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
  | { readonly phase: 'done'; readonly reports: readonly ModelReport[]; readonly scroll: number }
  | { readonly phase: 'failed'; readonly error: AppError };

export type EvalAction =
  | { readonly type: 'open-eval'; readonly checkpoints?: boolean }
  | { readonly type: 'eval-progress'; readonly done: number; readonly total: number }
  | { readonly type: 'eval-note'; readonly note: string | null }
  | { readonly type: 'eval-done'; readonly reports: readonly ModelReport[] }
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
  'eval-failed': true,
  'eval-scroll': true,
  'eval-close': true,
} as const satisfies Record<EvalAction['type'], true>;

export function isEvalAction(action: { readonly type: string }): action is EvalAction {
  return Object.hasOwn(TYPES, action.type);
}
