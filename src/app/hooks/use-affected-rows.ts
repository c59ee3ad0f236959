import { useEffect, useState } from 'react';
import type { PreviewRow } from '../../core/findings.js';
import type { Analysis, Engine } from '../engine.js';

export type RowsPage =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly total: number; readonly rows: readonly PreviewRow[] }
  | { readonly status: 'failed'; readonly message: string };

/** The decisions an optional fix's rows depend on (the fixes accepted before it, the system message). */
export interface RowsScope {
  readonly key: string;
  readonly accepted: ReadonlySet<string>;
  readonly systemMessage: string | undefined;
}

/** One window of a finding's affected rows, fetched from the engine as the user scrolls. */
export function useAffectedRows(
  engine: Engine,
  analysis: Analysis,
  findingId: string,
  offset: number,
  limit: number,
  scope: RowsScope,
): RowsPage {
  const key = `${findingId}\0${offset}\0${limit}\0${scope.key}`;
  const [page, setPage] = useState<{ readonly key: string; readonly page: RowsPage } | null>(null);
  const { accepted, systemMessage } = scope;
  useEffect(() => {
    let live = true;
    engine.affectedRows(analysis, findingId, { offset, limit, accepted, systemMessage }).then(
      (result) => {
        if (live) setPage({ key, page: { status: 'ready', total: result.total, rows: result.rows } });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (live) setPage({ key, page: { status: 'failed', message } });
      },
    );
    return () => {
      live = false;
    };
    // `scope` is read through `key`: its set is a new object on every render.
  }, [engine, analysis, findingId, offset, limit, key]);
  // Rows of another window are never shown under this window's heading.
  return page !== null && page.key === key ? page.page : { status: 'loading' };
}
