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
  const [page, setPage] = useState<RowsPage>({ status: 'loading' });
  useEffect(() => {
    let live = true;
    engine.affectedRows(analysis, findingId, { offset, limit }).then(
      (result) => live && setPage({ status: 'ready', total: result.total, rows: result.rows }),
      (error: unknown) =>
        live &&
        setPage({ status: 'failed', message: error instanceof Error ? error.message : String(error) }),
    );
    return () => {
      live = false;
    };
  }, [engine, analysis, findingId, offset, limit]);
  return page;
}
