/** Cursor pages as the service serves them: items after the `after` id, `limit` of them. */
import { invalid } from './errors.js';

export interface Page<T> {
  readonly object: 'list';
  readonly data: T[];
  readonly has_more: boolean;
  readonly first_id: string | null;
  readonly last_id: string | null;
}

export function page<T extends { id: string }>(
  items: readonly T[],
  query: URLSearchParams,
  defaultLimit: number,
  maxLimit = 100,
  /** Where to start when the `after` item is not in the list (e.g. it was dropped since). */
  locate: (after: string) => number | undefined = () => undefined,
): Page<T> {
  const rawLimit = query.get('limit');
  const limit = rawLimit === null ? defaultLimit : Number(rawLimit);
  if (!Number.isInteger(limit) || limit < 1 || limit > maxLimit) {
    throw invalid(
      `Invalid value for 'limit': expected an integer between 1 and ${maxLimit}.`,
      'limit',
      'invalid_value',
    );
  }
  const after = query.get('after');
  const found = after ? items.findIndex((item) => item.id === after) : -1;
  const start = !after ? 0 : found >= 0 ? found + 1 : (locate(after) ?? 0);
  const data = items.slice(start, start + limit);
  return {
    object: 'list',
    data,
    has_more: start + limit < items.length,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
  };
}
