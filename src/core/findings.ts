/**
 * The vocabulary shared by the preparation engine, the `prepare` command and the wizard.
 * docs/prepare-checks.md says what each kind means.
 */
export type DataFormat = 'prompt-completion' | 'chat' | 'preference';
export type SourceFormat = 'csv' | 'tsv' | 'xlsx' | 'xls' | 'xlsb' | 'ods' | 'json' | 'jsonl' | 'txt';
export type TaskType = 'classification' | 'conditional generation' | 'open-ended generation';
export type FindingKind = 'error' | 'necessary' | 'optional' | 'info';

/** One example as a person reads it: labelled text fields (prompt/completion, or one per chat message). */
export interface ExampleView {
  readonly fields: ReadonlyArray<{ readonly label: string; readonly text: string }>;
}

/** A before/after pair for one affected row; `after: null` means the fix removes the row. */
export interface PreviewRow {
  readonly position: number;
  readonly before: ExampleView;
  readonly after: ExampleView | null;
}

export interface Finding {
  readonly id: string;
  readonly kind: FindingKind;
  /** What is wrong (or what was found), in one sentence. */
  readonly message: string;
  /** Why it matters and what the fix does; shown on the review screen. */
  readonly detail: string;
  readonly rows: {
    readonly count: number;
    /** Source positions (JSONL line / CSV, TSV, XLSX row), at most the first 1,000. */
    readonly positions: readonly number[];
  };
  /** A few affected rows, for optional and necessary fixes. */
  readonly preview: readonly PreviewRow[];
  /**
   * The quality checks (docs/quality-checks.md): one entry per row they list, with its label, the
   * label suggested for it, the model's confidence and its near-duplicate group.
   */
  readonly details?: ReadonlyArray<{
    readonly row: number;
    readonly label: string;
    readonly suggested: string | null;
    readonly confidence: number | null;
    readonly group: number | null;
    /** `validation-leak`: the row of the validation file this training row near-copies. */
    readonly validationRow?: number;
  }>;
}
