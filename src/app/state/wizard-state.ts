import type { ExampleView, Finding } from '../../core/findings.js';
import type { ReadProgress } from '../../core/prepare/types.js';
import type { Analysis, WriteResult } from '../engine.js';
import type { AppError } from '../../api/errors.js';
import type { ProviderName } from '../../api/providers/index.js';
import type { StartJobInput } from '../../api/start-job.js';
import type { ModelStep } from './model-step.js';
import type { Panel } from './panel.js';
import type { JobAction, UploadShown } from './job-actions.js';
import type { EvalAction, EvalRun, EvalTarget } from './eval-state.js';
import type { RescueAction, RescueRun, RescueView } from './rescue-state.js';
import type { RunsAction, RunsView } from './runs-state.js';
import { isRowReviewed, type QualityAction } from './quality-items.js';

/** What covers the review screen: the rows, the help, the decline question, the system-message
 * field, the threshold of "relabel every one above". */
export type Overlay = 'none' | 'rows' | 'help' | 'decline' | 'system' | 'threshold';

/** Whether the user accepted or rejected an optional fix. */
export type Decision = 'accept' | 'reject';
/** The columns the user mapped to prompt and completion when the file lacked them. */
export interface ColumnMap {
  readonly prompt: string;
  readonly completion: string;
}
export type DecisionMap = Readonly<Record<string, Decision>>;
/** The bytes read, then the quality checks' step (core/prepare/types.ts). */
export type Progress = ReadProgress;
export interface Sample {
  readonly position: number;
  readonly example: ExampleView;
}
export interface SavedReview {
  readonly decisions: DecisionMap;
  readonly index: number;
  readonly dropped: readonly number[];
  readonly systemMessage?: string | undefined;
  readonly relabels?: Readonly<Record<string, string>> | undefined;
}

/** The loaded file and the decisions on it, without the fields of the screen it came from. */
export function loaded(state: Loaded): Loaded {
  return {
    analysis: state.analysis,
    columnMap: state.columnMap,
    decisions: state.decisions,
    dropped: state.dropped,
    ...(state.systemMessage === undefined ? {} : { systemMessage: state.systemMessage }),
    ...(state.relabels === undefined ? {} : { relabels: state.relabels }),
  };
}

/** The findings counted again for the accepted fixes (`key` names the decisions they were counted for). */
export interface Sequence {
  readonly key: string;
  readonly findings: readonly Finding[];
}

/** What every state after a successful analysis carries. */
export interface Loaded {
  readonly analysis: Analysis;
  readonly columnMap: ColumnMap | undefined;
  readonly decisions: DecisionMap;
  readonly dropped: readonly number[];
  /** Chat data: the system message the user wrote for `add-system-message` (else the one proposed). */
  readonly systemMessage?: string | undefined;
  /** Source position → the label the user gave that row in the quality review (state/quality-review.ts). */
  readonly relabels?: Readonly<Record<string, string>> | undefined;
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
      /** The first row, every column, to show the example the mapping makes. */
      readonly firstRow: ExampleView | null;
      /** Why the last choice was refused. */
      readonly message: string | null;
    }
  | { readonly screen: 'failed'; readonly analysis: Analysis }
  | ({ readonly screen: 'summary'; readonly saved: SavedReview | null } & Loaded)
  | ({ readonly screen: 'resume'; readonly saved: SavedReview } & Loaded)
  | ({
      readonly screen: 'review';
      readonly index: number;
      readonly overlay: Overlay;
      readonly rowsOffset: number;
      readonly sequence: Sequence | null;
      /** The quality review's example or group under review (0 when absent). */
      readonly cursor?: number;
      /** "Relabel every one above": the confidence chosen (THRESHOLD.start when absent). */
      readonly threshold?: number;
    } & Loaded)
  | ({
      readonly screen: 'samples';
      readonly samples: readonly Sample[] | null;
      readonly page: number;
    } & Loaded)
  | ({
      readonly screen: 'split';
      /** The examples the writer will write with these decisions, once counted (engine.countPrepared). */
      readonly kept?: number;
    } & Loaded)
  | ({ readonly screen: 'writing'; readonly split: boolean; readonly output: Output } & Loaded)
  | ({
      readonly screen: 'exists';
      readonly split: boolean;
      /** The outputs that exist, and a name none of the outputs has yet. */
      readonly paths: readonly string[];
      readonly suggestion: string;
      /** How the write that stopped was to go (its name, the split). */
      readonly output: Output;
      /** The name field is open. */
      readonly naming: boolean;
    } & Loaded)
  | ({
      readonly screen: 'written';
      readonly result: WriteResult | null;
      readonly message: string | null;
    } & Loaded)
  | ModelStepState
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
      /** The model step the job was started from: after a failure or a cancel, `b` goes back to it. */
      readonly retry?: ModelStepState;
    }
  | {
      readonly screen: 'chat';
      readonly file: string;
      readonly panel: Panel;
      readonly retry?: ModelStepState;
    }
  | {
      readonly screen: 'eval';
      readonly file: string;
      readonly panel: Panel;
      readonly target: EvalTarget;
      readonly run: EvalRun;
      readonly rescue?: RescueRun;
      /** Kept for the job panel it returns to (train more, try again). */
      readonly retry?: ModelStepState;
    }
  | RescueView
  | RunsView
  | { readonly screen: 'exit'; readonly farewell: string | null };

/** The model step with the data it trains on, as the job panel keeps it to go back to. */
export type ModelStepState = { readonly screen: 'model' } & ModelStep & Loaded;

/** How the prepared files are written: their name (null: the default one), replacing files of that
 * name or not, and the split stratified or the reference's. */
export interface Output {
  readonly name: string | null;
  /** Replace files of that name (the user said so). */
  readonly force: boolean;
  readonly stratify: boolean;
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
  | { readonly type: 'overlay'; readonly overlay: Overlay }
  | { readonly type: 'sequence-counted'; readonly sequence: Sequence }
  | { readonly type: 'system-message'; readonly text: string }
  | { readonly type: 'rows-offset'; readonly offset: number }
  | { readonly type: 'samples-loaded'; readonly samples: readonly Sample[] }
  | { readonly type: 'split-counted'; readonly kept: number }
  | { readonly type: 'sample-page'; readonly delta: number }
  | { readonly type: 'sample-toggle' }
  | { readonly type: 'samples-done' }
  | { readonly type: 'split'; readonly split: boolean; readonly stratify?: boolean }
  | {
      readonly type: 'written';
      readonly result: WriteResult;
      /** The analysis with the token figures of the rows written (as `prepare` reports them). */
      readonly analysis?: Analysis;
    }
  | { readonly type: 'write-failed'; readonly message: string }
  | { readonly type: 'output-exists'; readonly paths: readonly string[]; readonly suggestion: string }
  | { readonly type: 'output-choice'; readonly choice: 'overwrite' | 'name' | 'ask' | 'back' }
  | { readonly type: 'output-name'; readonly name: string }
  | { readonly type: 'quit'; readonly farewell?: string }
  | QualityAction
  | JobAction
  | EvalAction
  | RescueAction
  | RunsAction;

/** Findings that get a screen of their own in the review: necessary and optional fixes. */
export function reviewable(analysis: Analysis): readonly Finding[] {
  return analysis.findings.filter((f) => f.kind === 'necessary' || f.kind === 'optional');
}

/**
 * Optional fixes the user accepted: what the engine needs (necessary fixes always apply). A finding
 * reviewed row by row is not among them: its rows' fates are in `relabels` and `dropped`.
 */
export function acceptedIds(analysis: Analysis, decisions: DecisionMap): ReadonlySet<string> {
  return new Set(
    analysis.findings
      .filter((f) => f.kind === 'optional' && decisions[f.id] === 'accept' && !isRowReviewed(f))
      .map((f) => f.id),
  );
}

/** What the sequential counts depend on: the accepted optional fixes and the system message written. */
export function sequenceKey(loaded: Loaded): string {
  const accepted = [...acceptedIds(loaded.analysis, loaded.decisions)].sort();
  return JSON.stringify([accepted, loaded.systemMessage ?? null]);
}

/**
 * The finding under review, with its count, preview and message as the fixes accepted before it left
 * the data (core/prepare/sequence.ts); `counting` while those figures are still being computed.
 * Before any accepted fix (and without a system message of the user's) the analysis' are exact.
 */
export function shownFinding(state: Extract<WizardState, { screen: 'review' }>): {
  readonly finding: Finding | undefined;
  readonly counting: boolean;
} {
  const fixes = reviewable(state.analysis);
  const finding = fixes[state.index];
  if (finding === undefined || finding.kind !== 'optional') return { finding, counting: false };
  const before = fixes
    .slice(0, state.index)
    .some((f) => f.kind === 'optional' && state.decisions[f.id] === 'accept');
  const custom = state.systemMessage !== undefined && finding.id === 'add-system-message';
  if (!before && !custom) return { finding, counting: false };
  if (state.sequence?.key !== sequenceKey(state)) return { finding, counting: true };
  return { finding: state.sequence.findings.find((f) => f.id === finding.id) ?? finding, counting: false };
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
