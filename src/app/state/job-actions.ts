import type { AppError } from '../../api/errors.js';
import type { FineTuningJob } from '../../api/jobs.js';
import type { ModelInfo } from '../../api/models.js';
import type { ProviderName } from '../../api/provider.js';
import type { JobRecord } from '../../store/jobs.js';
import type { Corrections, PreparedFiles } from './model-step.js';
import type { Control, PanelUpdate } from './panel.js';

/** Upload progress as the screen shows it: which file, bytes sent of all. */
export interface UploadShown {
  readonly which: 'training' | 'validation';
  readonly sentBytes: number;
  readonly totalBytes: number;
}

/** The actions of the model step, the upload and the job panel (reduced in job-reducer.ts). */
export type JobAction =
  | { readonly type: 'choose-model' }
  | {
      readonly type: 'models-loaded';
      readonly models: readonly ModelInfo[];
      /** The day the dates were read on. */
      readonly today: string;
      readonly provider: { readonly name: ProviderName; readonly reason: string };
    }
  /** The corrections beside `train` (null: none), looked for whenever the file to upload changes. */
  | {
      readonly type: 'corrections-found';
      readonly train: string;
      readonly corrections: Corrections | null;
    }
  | { readonly type: 'models-failed'; readonly error: AppError }
  | { readonly type: 'models-retry' }
  | { readonly type: 'model-move'; readonly delta: number }
  | { readonly type: 'model-choose' }
  | { readonly type: 'convert'; readonly accept: boolean }
  | { readonly type: 'converted'; readonly files: PreparedFiles }
  | { readonly type: 'convert-failed'; readonly message: string }
  | { readonly type: 'field-move'; readonly delta: number }
  | { readonly type: 'field-edit'; readonly typed: string }
  /** Backspace; `all` (Ctrl+U) clears the field. */
  | { readonly type: 'field-erase'; readonly all?: boolean }
  | { readonly type: 'method-toggle' }
  | { readonly type: 'model-back' }
  | { readonly type: 'start-job' }
  | { readonly type: 'upload-progress'; readonly progress: UploadShown }
  | { readonly type: 'upload-failed'; readonly error: AppError }
  | { readonly type: 'job-started'; readonly job: FineTuningJob; readonly record: JobRecord }
  | { readonly type: 'job-update'; readonly update: PanelUpdate }
  | { readonly type: 'job-chart' }
  | { readonly type: 'job-scroll'; readonly delta: number }
  | { readonly type: 'job-overlay'; readonly overlay: 'none' | 'cancel' }
  | { readonly type: 'job-control'; readonly control: Control }
  | { readonly type: 'job-control-done'; readonly job?: FineTuningJob; readonly error?: AppError }
  | { readonly type: 'open-chat' }
  | { readonly type: 'train-more' }
  /** From the tester back to the job panel (where evaluation is). */
  | { readonly type: 'close-chat' }
  /** After a failed or cancelled job: back to the model step it was started from. */
  | { readonly type: 'job-retry' };

// Every action type once: `satisfies` refuses a missing or a made-up one, so the reducer that
// claims an action can never miss a new one.
const TYPES = {
  'choose-model': true,
  'models-loaded': true,
  'corrections-found': true,
  'models-failed': true,
  'models-retry': true,
  'model-move': true,
  'model-choose': true,
  convert: true,
  converted: true,
  'convert-failed': true,
  'field-move': true,
  'field-edit': true,
  'field-erase': true,
  'method-toggle': true,
  'model-back': true,
  'start-job': true,
  'upload-progress': true,
  'upload-failed': true,
  'job-started': true,
  'job-update': true,
  'job-chart': true,
  'job-scroll': true,
  'job-overlay': true,
  'job-control': true,
  'job-control-done': true,
  'open-chat': true,
  'train-more': true,
  'close-chat': true,
  'job-retry': true,
} as const satisfies Record<JobAction['type'], true>;

export function isJobAction(action: { readonly type: string }): action is JobAction {
  return Object.hasOwn(TYPES, action.type);
}
