/** Which source column feeds the prompt and which the completion (docs/prepare-checks.md, check 2). */
export interface ColumnMap {
  readonly prompt?: string;
  readonly completion?: string;
}

export interface ResolvedColumns {
  readonly prompt: string | null;
  readonly completion: string | null;
}

/**
 * The column used for `field`: the one the user mapped, else `prompt`/`completion` itself, else the
 * first column equal to it ignoring case, in column order.
 */
export function resolveColumn(
  columns: readonly string[],
  field: 'prompt' | 'completion',
  map: ColumnMap,
): string | null {
  const mapped = map[field];
  if (mapped !== undefined) return columns.includes(mapped) ? mapped : null;
  if (columns.includes(field)) return field;
  return columns.find((name) => name.toLowerCase() === field) ?? null;
}

export function resolveColumns(columns: readonly string[], map: ColumnMap): ResolvedColumns {
  return {
    prompt: resolveColumn(columns, 'prompt', map),
    completion: resolveColumn(columns, 'completion', map),
  };
}

export function sameColumns(a: ResolvedColumns, b: ResolvedColumns): boolean {
  return a.prompt === b.prompt && a.completion === b.completion;
}
