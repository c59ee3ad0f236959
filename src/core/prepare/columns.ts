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

/**
 * The choice after `key` joins the end of the columns, from the choice before it: the same answer as
 * `resolveColumns` over the longer list, in constant time (a file 100,000 columns wide resolved the
 * whole list again for each of them).
 */
export function resolveAdded(resolved: ResolvedColumns, key: string, map: ColumnMap): ResolvedColumns {
  const prompt = resolvedAdded(resolved.prompt, key, 'prompt', map);
  const completion = resolvedAdded(resolved.completion, key, 'completion', map);
  return prompt === resolved.prompt && completion === resolved.completion ? resolved : { prompt, completion };
}

function resolvedAdded(
  current: string | null,
  key: string,
  field: 'prompt' | 'completion',
  map: ColumnMap,
): string | null {
  const mapped = map[field];
  if (mapped !== undefined) return current ?? (key === mapped ? key : null);
  // An exact name wins over a case-insensitive one seen before it; the first match of either kind stays.
  if (current === field) return current;
  if (key === field) return key;
  return current ?? (key.toLowerCase() === field ? key : null);
}
