/**
 * The part of the preparation engine the wizard uses. Screens get it as a prop so that tests can
 * drive them with small hand-made analyses; `run.tsx` passes the real engine.
 */
import type { ExampleView, Finding, PreviewRow } from '../core/findings.js';
import type {
  AnalyzeOptions,
  Analysis,
  Decisions,
  WriteResult,
  ColumnMap,
  NeighboursRequest,
  NeighboursResult,
  Written,
} from '../core/prepare/index.js';

export type { AnalyzeOptions, Analysis, Decisions, WriteResult, ColumnMap, NeighboursResult };

export interface Engine {
  /** A workbook's sheets and their rows when it has several (else empty); absent in hand-made engines. */
  readonly listSheets?: (
    path: string,
    signal?: AbortSignal,
  ) => Promise<ReadonlyArray<{ readonly name: string; readonly rows: number }>>;
  readonly analyzeFile: (path: string, options?: AnalyzeOptions) => Promise<Analysis>;
  readonly writePrepared: (
    analysis: Analysis,
    decisions: Decisions,
    options?: {
      readonly outDir?: string;
      readonly signal?: AbortSignal;
      /** The outputs' name instead of `{input}_prepared`; `force` replaces files of that name. */
      readonly name?: string;
      readonly force?: boolean;
    },
  ) => Promise<WriteResult>;
  /**
   * The analysis with the token statistics and cost of the rows written (core/prepare/analyze.ts
   * `withTokens`, as `prepare` reports them); absent in hand-made engines, which keep the file's.
   */
  readonly writtenTokens?: (analysis: Analysis, written: Written) => Promise<Analysis>;
  /** The examples `writePrepared` would write (before a split); absent in hand-made engines. */
  readonly countPrepared?: (
    analysis: Analysis,
    decisions: Decisions,
    options?: { readonly signal?: AbortSignal },
  ) => Promise<number>;
  readonly sampleExamples: (
    analysis: Analysis,
    decisions: Decisions,
    options: { readonly count: number; readonly seed: number },
  ) => Promise<ReadonlyArray<{ readonly position: number; readonly example: ExampleView }>>;
  readonly affectedRows: (
    analysis: Analysis,
    findingId: string,
    options: {
      readonly offset: number;
      readonly limit: number;
      /** Optional fixes: their rows as the fixes accepted before them left the data. */
      readonly accepted?: ReadonlySet<string>;
      readonly systemMessage?: string | undefined;
    },
  ) => Promise<{ readonly total: number; readonly rows: readonly PreviewRow[] }>;
  /** The findings counted again for the accepted fixes (see core/prepare/sequence.ts). */
  readonly sequentialFindings: (
    analysis: Analysis,
    accepted: ReadonlySet<string>,
    options?: { readonly signal?: AbortSignal; readonly systemMessage?: string | undefined },
  ) => Promise<readonly Finding[]>;
  /**
   * The quality review's texts: rows of a finding and the nearest rows of each label to a flagged one
   * (core/prepare/neighbours.ts); absent in hand-made engines that show none.
   */
  readonly rowNeighbours?: (analysis: Analysis, request: NeighboursRequest) => Promise<NeighboursResult>;
}
