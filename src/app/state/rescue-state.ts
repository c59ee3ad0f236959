import type { AppError } from '../../api/errors.js';
import type { DataFormat } from '../../core/findings.js';
import type { FineTuningJob } from '../../api/jobs.js';
import type { ModelInfo } from '../../api/models.js';
import type { ProviderName } from '../../api/provider.js';
import type { RescueReport } from '../../rescue/compare.js';
import type { Inventory, InventoryItem } from '../../rescue/inventory.js';
import type { KeptFile, Role } from '../../rescue/keep-data.js';
import type { DataNeed } from '../../rescue/keep-job-data.js';
import type { RecordProgress } from '../../rescue/record-answers.js';
import type { RetrainPlan } from '../../rescue/retrain.js';
import type { RescueState } from '../../rescue/state.js';
import type { JobRecord } from '../../store/jobs.js';
import type { Panel } from './panel.js';

/**
 * The rescue path of the wizard (DESIGN: `fine-tune rescue` as screens): the inventory, keeping the
 * data, the golden set, where to retrain, then the job panel, then the comparison. Each screen is a
 * state of the one reducer; the work is done by `src/rescue/` in effects (hooks/use-rescue-effects.ts).
 */
export interface RescueRun {
  readonly item: InventoryItem;
  readonly folder: string;
  /** The kept data's format, once kept (which base models can train on it). */
  readonly format: DataFormat | null;
  /** `rescue.json` as last saved (null until the data step has opened it). */
  readonly saved: RescueState | null;
}

export interface Compared {
  readonly report: RescueReport;
  readonly paths: { readonly markdown: string; readonly json: string };
}

export type RescueView =
  | {
      readonly screen: 'rescue-list';
      readonly inventory: Inventory | null;
      readonly error: AppError | null;
      readonly cursor: number;
      /** A model to put the cursor on once the list is in (from a radar banner). */
      readonly preselect: string | null;
    }
  | {
      readonly screen: 'rescue-data';
      readonly run: RescueRun;
      readonly phase: 'keeping' | 'ask' | 'kept' | 'failed';
      readonly kept: readonly KeptFile[];
      readonly needs: readonly DataNeed[];
      /** The user's own copies given so far, by role. */
      readonly local: Readonly<Partial<Record<Role, string>>>;
      /** The path field while a copy is asked for. */
      readonly path: string;
      readonly candidates: readonly string[];
      readonly error: AppError | null;
    }
  | {
      readonly screen: 'rescue-golden';
      readonly run: RescueRun;
      readonly phase: 'running' | 'done' | 'stopped' | 'skipped' | 'failed';
      readonly progress: RecordProgress | null;
      readonly error: AppError | null;
    }
  | {
      readonly screen: 'rescue-target';
      readonly run: RescueRun;
      readonly phase: 'provider' | 'models' | 'plan' | 'starting';
      readonly providers: readonly ProviderName[];
      readonly providerCursor: number;
      readonly provider: ProviderName | null;
      /** Fine-tunable base models of the chosen provider; null while they load. */
      readonly models: readonly ModelInfo[] | null;
      readonly modelCursor: number;
      readonly plan: RetrainPlan | null;
      readonly error: AppError | null;
    }
  | {
      readonly screen: 'rescue-compare';
      readonly run: RescueRun;
      /** The retraining job's panel, to go back to. */
      readonly file: string;
      readonly panel: Panel;
      readonly phase: 'running' | 'done' | 'failed';
      readonly progress: RecordProgress | null;
      readonly compared: Compared | null;
      readonly view: 'report' | 'flips';
      /** Whether the old model is asked again too (while it still answers). */
      readonly live: boolean;
      /** The flipped example under the cursor, or the report line at the top. */
      readonly cursor: number;
      readonly error: AppError | null;
    };

export type RescueAction =
  | { readonly type: 'rescue-open'; readonly model?: string }
  | { readonly type: 'rescue-inventory'; readonly inventory: Inventory }
  | { readonly type: 'rescue-failed'; readonly error: AppError }
  | { readonly type: 'rescue-retry' }
  | { readonly type: 'rescue-move'; readonly delta: number }
  | { readonly type: 'rescue-choose'; readonly folder: string }
  | { readonly type: 'rescue-back' }
  | {
      readonly type: 'rescue-kept';
      readonly saved: RescueState;
      readonly format: DataFormat | null;
      readonly kept: readonly KeptFile[];
      readonly needs: readonly DataNeed[];
    }
  | { readonly type: 'rescue-path'; readonly path: string; readonly candidates?: readonly string[] }
  | { readonly type: 'rescue-give'; readonly path: string }
  | { readonly type: 'rescue-next' }
  | { readonly type: 'rescue-progress'; readonly progress: RecordProgress }
  | { readonly type: 'rescue-golden-done'; readonly saved: RescueState; readonly stopped: boolean }
  | { readonly type: 'rescue-stop' }
  | { readonly type: 'rescue-models'; readonly models: readonly ModelInfo[] }
  | { readonly type: 'rescue-plan'; readonly plan: RetrainPlan }
  | {
      readonly type: 'rescue-job-started';
      readonly job: FineTuningJob;
      readonly record: JobRecord;
      readonly saved: RescueState;
    }
  | { readonly type: 'rescue-compare' }
  | { readonly type: 'rescue-compared'; readonly compared: Compared; readonly saved: RescueState }
  | { readonly type: 'rescue-view' }
  | { readonly type: 'rescue-live' };

// Every action type once: `satisfies` refuses a missing or a made-up one, so the reducer that
// claims an action can never miss a new one.
const TYPES = {
  'rescue-open': true,
  'rescue-inventory': true,
  'rescue-failed': true,
  'rescue-retry': true,
  'rescue-move': true,
  'rescue-choose': true,
  'rescue-back': true,
  'rescue-kept': true,
  'rescue-path': true,
  'rescue-give': true,
  'rescue-next': true,
  'rescue-progress': true,
  'rescue-golden-done': true,
  'rescue-stop': true,
  'rescue-models': true,
  'rescue-plan': true,
  'rescue-job-started': true,
  'rescue-compare': true,
  'rescue-compared': true,
  'rescue-view': true,
  'rescue-live': true,
} as const satisfies Record<RescueAction['type'], true>;

export function isRescueAction(action: { readonly type: string }): action is RescueAction {
  return Object.hasOwn(TYPES, action.type);
}

export function initialRescue(model: string | null = null): RescueView {
  return { screen: 'rescue-list', inventory: null, error: null, cursor: 0, preselect: model };
}

/** The model under the inventory's cursor. */
export function chosenItem(view: Extract<RescueView, { screen: 'rescue-list' }>): InventoryItem | undefined {
  return view.inventory?.items[view.cursor];
}

/** True while the model being rescued still answers (no shutdown date, or one still ahead). */
export function stillAnswers(item: InventoryItem): boolean {
  return item.daysLeft === null || item.daysLeft > 0;
}

/** The need the path field is answering: the first one without a copy given. */
export function currentNeed(view: Extract<RescueView, { screen: 'rescue-data' }>): DataNeed | undefined {
  return view.needs.find((need) => view.local[need.role] === undefined);
}
