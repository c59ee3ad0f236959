import type { CostEstimate } from '../cost.js';
import type { PriceTable } from '../prices.js';
import type { ChatFixContext } from '../chat/index.js';
import type { DataFormat, ExampleView, Finding, PreviewRow, SourceFormat, TaskType } from '../findings.js';
import type { TokenStats } from '../token-stats.js';
import type { Delimiter } from '../read/detect-delimiter.js';
import type { ColumnMap } from './columns.js';
import type { QualityPlan } from '../quality/findings.js';
import type { QualityProgress } from '../quality/checks.js';

export type { ColumnMap } from './columns.js';

/** How far an analysis is: the bytes read, then (once read) the quality checks' step. */
export interface ReadProgress {
  readonly bytesRead: number;
  readonly totalBytes: number;
  readonly checking?: QualityProgress;
}

export interface AnalyzeOptions {
  readonly columnMap?: ColumnMap;
  /** Spreadsheets: the sheet to read, by name or number from 1 (the first when absent). */
  readonly sheet?: string;
  /** CSV and TSV: read with this delimiter instead of the one detected from the first lines. */
  readonly delimiter?: Delimiter | undefined;
  readonly model?: string;
  readonly signal?: AbortSignal;
  /** Leave `tokens`/`estimate` null; `withTokens(analysis)` fills them in later. */
  readonly deferTokens?: boolean;
  /** The price table for the estimate (the built-in one when absent; see core/price-override.ts). */
  readonly prices?: PriceTable;
  readonly onProgress?: (progress: ReadProgress) => void;
  /** Run the quality checks (docs/quality-checks.md); default: unless FINE_TUNE_QUALITY=off. */
  readonly quality?: boolean;
}

/**
 * What pass 2 needs to apply the fixes: decided at analysis time (docs/prepare-checks.md: text a fix adds
 * is chosen once). Opaque to callers; carried inside the analysis.
 */
export interface PromptCompletionPlan {
  readonly kind: 'prompt-completion';
  readonly promptColumn: string;
  readonly completionColumn: string;
  readonly separator: string;
  readonly ending: string;
  /** Code points removed from every prompt / completion by the prefix fixes. */
  readonly promptPrefixLength: number;
  readonly completionPrefixLength: number;
  readonly completionPrefixSpace: boolean;
  /** Later copies removed by `duplicates` (source positions, ascending). */
  readonly duplicates: readonly number[] | Uint32Array;
  /** Rows kept for the token estimate (all of them on small files), and the number of examples. */
  readonly tokenSample: ReadonlyArray<{
    readonly position: number;
    readonly prompt: string;
    readonly completion: string;
  }>;
  readonly rows: number;
  /** The quality checks' relabels and groups (absent when they are off or found nothing). */
  readonly quality?: QualityPlan;
}

export interface ChatPlan {
  readonly kind: 'chat';
  readonly context: ChatFixContext;
  /** What the accepted quality fixes need (absent when the checks were off or found nothing). */
  readonly quality?: QualityPlan;
}

export type PreparePlan = PromptCompletionPlan | ChatPlan;

export interface Analysis {
  readonly input: string;
  /** Spreadsheets: the sheet read (every later pass reads the same one). */
  readonly sheet?: string;
  readonly format: SourceFormat;
  /** CSV and TSV: the delimiter the file was read with (the later passes read it the same way). */
  readonly delimiter: Delimiter | null;
  readonly dataFormat: DataFormat;
  readonly positionLabel: 'line' | 'row';
  readonly columns: readonly string[];
  /** Examples after the necessary fixes (chat data: every line, valid or not). */
  readonly examples: number;
  /** Chat data: the lines that are valid examples, which the token figures count. */
  readonly validExamples?: number;
  readonly taskType: TaskType | null;
  readonly error: { readonly id: string; readonly message: string; readonly position?: number } | null;
  /** In check order, info included. */
  readonly findings: readonly Finding[];
  readonly classification: { readonly nClasses: number; readonly positiveClass: string | null } | null;
  readonly tokens: TokenStats | null;
  readonly estimate: CostEstimate | null;
  /** The separator prompts must end with at inference, if the proposed fixes are accepted. */
  readonly separator: string | null;
  /** The stop sequence for inference, if the proposed fixes are accepted. */
  readonly stop: string | null;
  /** The model the token count and estimate are for. */
  readonly model: string;
  /** The price table the estimate used, when it was not the built-in one (the model step reuses it). */
  readonly prices?: PriceTable;
  /** The column map the analysis used. */
  readonly columnMap: ColumnMap;
  /** Tables: the first row as read, every column (mapping columns shows it as it would be written). */
  readonly firstRow?: ExampleView;
  /** Internal: what the second pass needs. Null when the analysis stopped on an error. */
  readonly plan: PreparePlan | null;
}

export interface Decisions {
  readonly accepted: ReadonlySet<string>;
  readonly split: boolean;
  /** Split classification data so that every class is in both files where it can be (`--stratify`). */
  readonly stratify?: boolean;
  /** Source positions the user dropped while sampling. */
  readonly dropped?: ReadonlySet<number>;
  /** Source position → the label the user gave that row in the wizard's quality review. */
  readonly relabel?: ReadonlyMap<number, string>;
  /** Chat data: the system message the user wrote for `add-system-message` (else the one proposed). */
  readonly systemMessage?: string | undefined;
}

export interface WriteOptions {
  readonly outDir?: string;
  /** The outputs' name instead of `{input}_prepared` (without `.jsonl`, before `_train`/`_valid`). */
  readonly name?: string;
  /** Replace outputs that exist (otherwise writing stops with `OutputExistsError`). */
  readonly force?: boolean;
  readonly signal?: AbortSignal;
  /**
   * The analysis once its quality checks are done, when they run while writing (analyzeFileLate): the
   * split waits for it. Fixes that change labels cannot be accepted then (they change pass 2's rows).
   */
  readonly completed?: Promise<Analysis> | undefined;
  /** Called once every row is written, before the split waits for `completed`: time to spare there. */
  readonly onRowsWritten?: (() => void) | undefined;
}

export interface WriteResult {
  readonly outputs: ReadonlyArray<{
    readonly path: string;
    readonly role: 'all' | 'train' | 'valid';
    readonly examples: number;
  }>;
  readonly removedRows: number;
  readonly modifiedRows: number;
  /** The input is usable as it is: nothing was written. */
  readonly unchanged: boolean;
  /** Examples in the prepared data (before any split). */
  readonly examples: number;
  /** Classes of the prepared completions (classification only). */
  readonly classification: { readonly nClasses: number; readonly positiveClass: string | null } | null;
  /** The separator and stop sequence of the prepared data, for inference. */
  readonly separator: string | null;
  readonly stop: string | null;
  /** Chat data: the system message most prepared examples open with (null: none shared by half). */
  readonly systemPrompt: string | null;
  /** With a split: the classes that have no example in the validation file, or none in training. */
  readonly missingClasses: {
    readonly validation: readonly string[];
    readonly training: readonly string[];
  } | null;
}

export type { ExampleView, PreviewRow };
