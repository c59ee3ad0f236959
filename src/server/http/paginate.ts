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
  /**
   * Where to start when the `after` item is not in the list (e.g. it was deleted or dropped since);
   * undefined when it never was, which is answered with a 400 naming it.
   */
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
  const start = !after ? 0 : found >= 0 ? found + 1 : locate(after);
  // An id this list never held is a client's mistake: restarting at the first page would show
  // items twice to a loop that pages on, so the bad value is named instead.
  if (start === undefined) {
    throw invalid(
      `Invalid value for 'after': '${after}' is not the id of an item in this list.`,
      'after',
      'invalid_value',
    );
  }
  const data = items.slice(start, start + limit);
  return {
    object: 'list',
    data,
    has_more: start + limit < items.length,
    first_id: data[0]?.id ?? null,
    last_id: data[data.length - 1]?.id ?? null,
  };
}
