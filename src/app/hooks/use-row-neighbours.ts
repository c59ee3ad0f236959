import { useEffect, useState } from 'react';
import type { Analysis, Engine, NeighboursResult } from '../engine.js';

export type NeighboursShown =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly result: NeighboursResult }
  | { readonly status: 'failed'; readonly message: string };

export interface NeighboursAsk {
  /** The rows whose texts are shown. */
  readonly positions: readonly number[];
  /** A flagged example: its nearest rows of these labels too. */
  readonly nearest?: { readonly position: number; readonly labels: readonly string[] };
}

/** Nearest rows of each label, read once per example shown. */
const PER_LABEL = 2;

/**
 * The texts of the example (or group) under review and, for a flagged example, its nearest rows of
 * both labels, read from the file by the engine; the read is aborted when the user moves on.
 */
export function useRowNeighbours(engine: Engine, analysis: Analysis, ask: NeighboursAsk): NeighboursShown {
  const key = JSON.stringify(ask);
  const [shown, setShown] = useState<{ readonly key: string; readonly shown: NeighboursShown } | null>(null);
  useEffect(() => {
    const read = engine.rowNeighbours;
    if (read === undefined) return;
    const ac = new AbortController();
    const request = {
      positions: ask.positions,
      ...(ask.nearest === undefined ? {} : { nearest: { ...ask.nearest, perLabel: PER_LABEL } }),
      signal: ac.signal,
    };
    read(analysis, request).then(
      (result) => {
        if (!ac.signal.aborted) setShown({ key, shown: { status: 'ready', result } });
      },
      (error: unknown) => {
        const message = error instanceof Error ? error.message : String(error);
        if (!ac.signal.aborted) setShown({ key, shown: { status: 'failed', message } });
      },
    );
    return () => ac.abort();
    // `ask` is read through `key`: it is a new object on every render.
  }, [engine, analysis, key]);
  if (engine.rowNeighbours === undefined) return { status: 'ready', result: { texts: [], nearest: [] } };
  return shown !== null && shown.key === key ? shown.shown : { status: 'loading' };
}
