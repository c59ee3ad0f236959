import { useEffect, useState } from 'react';
import type { PreviewRow } from '../../core/findings.js';
import type { Analysis, Engine } from '../engine.js';

export type RowsPage =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly total: number; readonly rows: readonly PreviewRow[] }
  | { readonly status: 'failed'; readonly message: string };

/** One window of a finding's affected rows, fetched from the engine as the user scrolls. */
export function useAffectedRows(
  engine: Engine,
  analysis: Analysis,
  findingId: string,
  offset: number,
  limit: number,
): RowsPage {
  const key = `${findingId}\0${offset}\0${limit}`;
  const [page, setPage] = useState<{ readonly key: string; readonly page: RowsPage } | null>(null);
  useEffect(() => {
    let live = true;
    engine.affectedRows(analysis, findingId, { offset, limit }).then(
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
  }, [engine, analysis, findingId, offset, limit, key]);
  // Rows of another window are never shown under this window's heading.
  return page !== null && page.key === key ? page.page : { status: 'loading' };
}
