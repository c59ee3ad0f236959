import type { ExampleView, Finding } from '../../core/findings.js';
import type { Analysis, WriteResult } from '../engine.js';
import type { AppError } from '../../api/errors.js';
import type { ProviderName } from '../../api/providers/index.js';
import type { StartJobInput } from '../../api/start-job.js';
import type { ModelStep } from './model-step.js';
import type { Panel } from './panel.js';
import type { JobAction } from './job-actions.js';
import type { EvalAction, EvalRun, EvalTarget } from './eval-state.js';
import type { RescueAction, RescueRun, RescueView } from './rescue-state.js';

/** Whether the user accepted or rejected an optional fix. */
export type Decision = 'accept' | 'reject';
/** The columns the user mapped to prompt and completion when the file lacked them. */
export interface ColumnMap {
  readonly prompt: string;
  readonly completion: string;
}
export type DecisionMap = Readonly<Record<string, Decision>>;
export interface Progress {
  readonly bytesRead: number;
  readonly totalBytes: number;
}
export interface Sample {
  readonly position: number;
  readonly example: ExampleView;
}
export interface SavedReview {
  readonly decisions: DecisionMap;
  readonly index: number;
  readonly dropped: readonly number[];
}

/** What every state after a successful analysis carries. */
export interface Loaded {
  readonly analysis: Analysis;
  readonly columnMap: ColumnMap | undefined;
  readonly decisions: DecisionMap;
  readonly dropped: readonly number[];
}

/**
 * The whole wizard is one reducer over a tagged union: each screen is a state, no router.
 * Effects (reading, sampling, writing, saving) live in hooks that watch the state and dispatch.
 */
export type WizardState =
  | {
      /** Several provider keys are set and this folder has no choice yet: which one to use. */
      readonly screen: 'provider';
      readonly candidates: readonly ProviderName[];
      readonly cursor: number;
      /** Set once chosen: the choice is being remembered for the folder. */
      readonly chosen: ProviderName | null;
      /** Where the wizard goes once the provider is chosen. */
      readonly then: WizardState;
    }
  | {
      readonly screen: 'path';
      readonly path: string;
      readonly candidates: readonly string[];
      readonly message: string | null;
    }
  | {
      readonly screen: 'reading';
      readonly path: string;
      readonly columnMap: ColumnMap | undefined;
      readonly progress: Progress | null;
      /** The sheet chosen in a workbook of several; undefined until asked (or for other files). */
      readonly sheet?: string;
    }
  | {
      readonly screen: 'pick-sheet';
      readonly path: string;
      readonly columnMap: ColumnMap | undefined;
      readonly sheets: ReadonlyArray<{ readonly name: string; readonly rows: number }>;
      readonly cursor: number;
    }
  | {
      readonly screen: 'map-columns';
      readonly path: string;
      readonly columns: readonly string[];
      readonly field: 'prompt' | 'completion';
      readonly cursor: number;
      readonly prompt: string | null;
      readonly sheet?: string;
    }
  | { readonly screen: 'failed'; readonly analysis: Analysis }
  | ({ readonly screen: 'summary'; readonly saved: SavedReview | null } & Loaded)
  | ({ readonly screen: 'resume'; readonly saved: SavedReview } & Loaded)
  | ({
      readonly screen: 'review';
      readonly index: number;
      readonly overlay: 'none' | 'rows' | 'help' | 'decline';
      readonly rowsOffset: number;
    } & Loaded)
  | ({
      readonly screen: 'samples';
      readonly samples: readonly Sample[] | null;
      readonly page: number;
    } & Loaded)
  | ({ readonly screen: 'split' } & Loaded)
  | ({ readonly screen: 'writing'; readonly split: boolean } & Loaded)
  | ({
      readonly screen: 'written';
      readonly result: WriteResult | null;
      readonly message: string | null;
    } & Loaded)
  | ({ readonly screen: 'model' } & ModelStep & Loaded)
  | ({
      readonly screen: 'upload';
      readonly step: ModelStep;
      readonly input: StartJobInput;
      readonly progress: UploadShown | null;
      readonly error: AppError | null;
    } & Loaded)
  | {
      readonly screen: 'job';
      readonly file: string;
      readonly panel: Panel;
      /** Set when the job retrains a rescued model: its panel then leads to the comparison. */
      readonly rescue?: RescueRun;
    }
  | { readonly screen: 'chat'; readonly file: string; readonly panel: Panel }
  | {
      readonly screen: 'eval';
      readonly file: string;
      readonly panel: Panel;
      readonly target: EvalTarget;
      readonly run: EvalRun;
      readonly rescue?: RescueRun;
    }
  | RescueView
  | { readonly screen: 'exit'; readonly farewell: string | null };

/** Upload progress as the screen shows it: which file, bytes sent of all. */
export interface UploadShown {
  readonly which: 'training' | 'validation';
  readonly sentBytes: number;
  readonly totalBytes: number;
}

export type WizardAction =
  | { readonly type: 'provider-move'; readonly delta: number }
  | { readonly type: 'provider-choose' }
  | { readonly type: 'provider-remembered' }
  | { readonly type: 'path-edit'; readonly path: string; readonly candidates?: readonly string[] }
  | { readonly type: 'open'; readonly path: string; readonly columnMap?: ColumnMap }
  | { readonly type: 'progress'; readonly progress: Progress }
  | {
      readonly type: 'sheets-found';
      readonly sheets: ReadonlyArray<{ readonly name: string; readonly rows: number }>;
    }
  | { readonly type: 'sheet-move'; readonly delta: number }
  | { readonly type: 'sheet-choose'; readonly index?: number }
  | { readonly type: 'analysis-done'; readonly analysis: Analysis; readonly saved: SavedReview | null }
  | { readonly type: 'analysis-failed'; readonly message: string }
  | { readonly type: 'other-file' }
  | { readonly type: 'map-move'; readonly delta: number }
  | { readonly type: 'map-choose' }
  | { readonly type: 'next' }
  | { readonly type: 'resume'; readonly yes: boolean }
  | { readonly type: 'decide'; readonly decision: Decision }
  | { readonly type: 'back' }
  | { readonly type: 'accept-rest' }
  | { readonly type: 'overlay'; readonly overlay: 'none' | 'rows' | 'help' | 'decline' }
  | { readonly type: 'rows-offset'; readonly offset: number }
  | { readonly type: 'samples-loaded'; readonly samples: readonly Sample[] }
  | { readonly type: 'sample-page'; readonly delta: number }
  | { readonly type: 'sample-toggle' }
  | { readonly type: 'samples-done' }
  | { readonly type: 'split'; readonly split: boolean }
  | { readonly type: 'written'; readonly result: WriteResult }
  | { readonly type: 'write-failed'; readonly message: string }
  | { readonly type: 'quit'; readonly farewell?: string }
  | JobAction
  | EvalAction
  | RescueAction;

/** Findings that get a screen of their own in the review: necessary and optional fixes. */
export function reviewable(analysis: Analysis): readonly Finding[] {
  return analysis.findings.filter((f) => f.kind === 'necessary' || f.kind === 'optional');
}

/** Optional fixes the user accepted: what the engine needs (necessary fixes always apply). */
export function acceptedIds(analysis: Analysis, decisions: DecisionMap): ReadonlySet<string> {
  return new Set(
    analysis.findings.filter((f) => f.kind === 'optional' && decisions[f.id] === 'accept').map((f) => f.id),
  );
}

/** The first screen: the file (or the path field), after the provider question when there is one. */
export function initialState(
  file: string | undefined,
  askProvider: readonly ProviderName[] = [],
): WizardState {
  const start: WizardState =
    file === undefined
      ? { screen: 'path', path: '', candidates: [], message: null }
      : { screen: 'reading', path: file, columnMap: undefined, progress: null };
  return askProvider.length > 1
    ? { screen: 'provider', candidates: askProvider, cursor: 0, chosen: null, then: start }
    : start;
}
