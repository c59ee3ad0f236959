// Interim mirror of src/core/prepare/index.ts until the engine lands in this branch.
import type { DataFormat, Finding, SourceFormat, TaskType } from '../core/findings.js';

export interface ColumnMap {
  readonly prompt?: string;
  readonly completion?: string;
}
export interface AnalyzeOptions {
  readonly columnMap?: ColumnMap;
  readonly model?: string;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: { readonly bytesRead: number; readonly totalBytes: number }) => void;
}
interface Summary {
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly median: number;
  readonly p10: number;
  readonly p90: number;
}
export interface TokenStats {
  readonly examples: number;
  readonly sum: number;
  readonly total: Summary;
  readonly histogram: { readonly edges: readonly number[]; readonly counts: readonly number[] };
}
export interface CostEstimate {
  readonly model: string;
  readonly epochs: number;
  readonly billedTokens: number;
  readonly pricePerMillion: number;
  readonly usd: number;
  readonly priceAsOf: string;
}
export interface Analysis {
  readonly input: string;
  readonly format: SourceFormat;
  readonly dataFormat: DataFormat;
  readonly positionLabel: 'line' | 'row';
  readonly columns: readonly string[];
  readonly examples: number;
  readonly taskType: TaskType | null;
  readonly error: { readonly id: string; readonly message: string; readonly position?: number } | null;
  readonly findings: readonly Finding[];
  readonly classification: { readonly nClasses: number; readonly positiveClass: string | null } | null;
  readonly tokens: TokenStats | null;
  readonly estimate: CostEstimate | null;
  readonly separator: string | null;
  readonly stop: string | null;
}
export interface Decisions {
  readonly accepted: ReadonlySet<string>;
  readonly split: boolean;
  readonly dropped?: ReadonlySet<number>;
}
export interface WriteResult {
  readonly outputs: ReadonlyArray<{
    readonly path: string;
    readonly role: 'all' | 'train' | 'valid';
    readonly examples: number;
  }>;
  readonly removedRows: number;
  readonly modifiedRows: number;
  readonly unchanged: boolean;
}
