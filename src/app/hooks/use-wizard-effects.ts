import { relabelMap } from '../state/quality-review.js';
import { useEffect, useRef, type Dispatch } from 'react';
import type { Services } from '../services.js';
import { freeName, OutputExistsError } from '../../core/prepare/names.js';
import { trainingExamples } from '../../core/prepare/outputs.js';
import {
  acceptedIds,
  reviewable,
  sequenceKey,
  shownFinding,
  type WizardAction,
  type WizardState,
} from '../state/wizard-state.js';

/** Redraws at most ~30 times a second however fast the reader reports progress. */
const PROGRESS_INTERVAL_MS = 33;
const SAMPLE_COUNT = 20;
/** Fixed so that the same file shows the same samples every time (and screenshots are stable). */
const SAMPLE_SEED = 42;

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/** Reads and analyses the file while the state is `reading`; aborts when the state moves on. */
function useAnalysis(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const path = state.screen === 'reading' ? state.path : null;
  const columnMap = state.screen === 'reading' ? state.columnMap : undefined;
  const sheet = state.screen === 'reading' ? state.sheet : undefined;
  // Progress updates replace the state object; only a new path or mapping starts a new read.
  const mapKey = columnMap === undefined ? '' : `${columnMap.prompt}\0${columnMap.completion}`;
  useEffect(() => {
    if (path === null) return;
    const ac = new AbortController();
    let last = 0;
    const run = async (): Promise<void> => {
      // A workbook of several sheets: ask which one first (the chosen one is then in the state).
      if (sheet === undefined && services.engine.listSheets !== undefined) {
        const sheets = await services.engine.listSheets(path, ac.signal);
        if (ac.signal.aborted) return;
        if (sheets.length > 1) {
          dispatch({ type: 'sheets-found', sheets });
          return;
        }
      }
      const saved = await services.sessions.load(path);
      // A file mapped earlier is mapped the same way again.
      const map = columnMap ?? saved?.columnMap;
      const analysis = await services.engine.analyzeFile(path, {
        signal: ac.signal,
        ...(services.prices === undefined ? {} : { prices: services.prices }),
        ...(services.delimiter === undefined ? {} : { delimiter: services.delimiter }),
        ...(map === undefined ? {} : { columnMap: map }),
        ...(sheet === undefined ? {} : { sheet }),
        onProgress: (progress) => {
          const now = Date.now();
          if (now - last < PROGRESS_INTERVAL_MS && progress.bytesRead < progress.totalBytes) return;
          last = now;
          if (!ac.signal.aborted) dispatch({ type: 'progress', progress });
        },
      });
      if (ac.signal.aborted) return;
      const resumable =
        saved !== null &&
        Object.keys(saved.decisions).length +
          saved.dropped.length +
          Object.keys(saved.relabels ?? {}).length >
          0;
      dispatch({
        type: 'analysis-done',
        analysis,
        saved: resumable
          ? {
              decisions: saved.decisions,
              index: saved.index,
              dropped: saved.dropped,
              ...(saved.systemMessage === undefined ? {} : { systemMessage: saved.systemMessage }),
              ...(saved.relabels === undefined ? {} : { relabels: saved.relabels }),
            }
          : null,
      });
    };
    run().catch((error: unknown) => {
      if (!ac.signal.aborted) dispatch({ type: 'analysis-failed', message: message(error) });
    });
    return () => ac.abort();
    // columnMap is read through mapKey: its object identity changes with every progress update.
  }, [path, mapKey, sheet, dispatch, services]);
}

/**
 * Counts the fixes again whenever the review shows one whose figures depend on fixes accepted before
 * it (core/prepare/sequence.ts); aborts when the decisions change again or the review ends.
 */
function useSequence(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const review = state.screen === 'review' && shownFinding(state).counting ? state : null;
  const key = review === null ? null : sequenceKey(review);
  useEffect(() => {
    if (review === null || key === null) return;
    const ac = new AbortController();
    const { analysis, systemMessage } = review;
    services.engine
      .sequentialFindings(analysis, acceptedIds(analysis, review.decisions), {
        signal: ac.signal,
        systemMessage,
      })
      .then(
        (findings) => {
          if (!ac.signal.aborted) dispatch({ type: 'sequence-counted', sequence: { key, findings } });
        },
        // The analysis' own figures stay on screen: a failed recount only loses precision.
        () => undefined,
      );
    return () => ac.abort();
    // `review` changes identity with every keypress; the key says when the counts must be redone.
  }, [key, dispatch, services]);
}

function useSamples(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const pending = state.screen === 'samples' && state.samples === null ? state : null;
  useEffect(() => {
    if (pending === null) return;
    let live = true;
    const decisions = {
      accepted: acceptedIds(pending.analysis, pending.decisions),
      split: false,
      systemMessage: pending.systemMessage,
      relabel: relabelMap(pending),
    };
    services.engine
      .sampleExamples(pending.analysis, decisions, { count: SAMPLE_COUNT, seed: SAMPLE_SEED })
      .then(
        (samples) => live && dispatch({ type: 'samples-loaded', samples }),
        () => live && dispatch({ type: 'samples-loaded', samples: [] }),
      );
    return () => {
      live = false;
    };
  }, [pending, dispatch, services]);
}

/**
 * Counts the examples the writer will write while the split question is on screen, so that it can say
 * how big each file will be once the accepted fixes and the dropped samples are taken out.
 */
function useSplitCount(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const pending = state.screen === 'split' && state.kept === undefined ? state : null;
  const count = services.engine.countPrepared;
  useEffect(() => {
    if (pending === null || count === undefined) return;
    const ac = new AbortController();
    const decisions = {
      accepted: acceptedIds(pending.analysis, pending.decisions),
      split: false,
      dropped: new Set(pending.dropped),
      systemMessage: pending.systemMessage,
      relabel: relabelMap(pending),
    };
    count(pending.analysis, decisions, { signal: ac.signal }).then(
      (kept) => {
        if (!ac.signal.aborted) dispatch({ type: 'split-counted', kept });
      },
      // The estimate stays on screen: a failed count only loses precision (writing says what failed).
      () => undefined,
    );
    return () => ac.abort();
  }, [pending, count, dispatch]);
}

/** Session saves and the clear after writing, run one after another in the order they were asked. */
type SessionQueue = { current: Promise<void> };

function useWrite(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
  sessions: SessionQueue,
): void {
  const writing = state.screen === 'writing' ? state : null;
  useEffect(() => {
    if (writing === null) return;
    const ac = new AbortController();
    const decisions = {
      accepted: acceptedIds(writing.analysis, writing.decisions),
      split: writing.split,
      stratify: writing.output.stratify,
      dropped: new Set(writing.dropped),
      systemMessage: writing.systemMessage,
      relabel: relabelMap(writing),
    };
    const { name, force } = writing.output;
    const run = async (): Promise<void> => {
      const result = await services.engine.writePrepared(writing.analysis, decisions, {
        signal: ac.signal,
        ...(name === null ? {} : { name }),
        ...(force ? { force } : {}),
      });
      // Behind any save still queued: a save landing after the clear would offer to resume a
      // review whose files are already written.
      const clear = sessions.current.then(() => services.sessions.clear(writing.analysis.input));
      sessions.current = clear.catch(() => undefined);
      await sessions.current;
      // Token and cost figures of the rows written; a failed count only keeps the file's figures.
      const count = services.engine.writtenTokens;
      const written = { decisions, examples: result.examples, trained: trainingExamples(result) };
      const analysis =
        count === undefined || result.unchanged
          ? undefined
          : await count(writing.analysis, written).catch(() => undefined);
      if (!ac.signal.aborted)
        dispatch({ type: 'written', result, ...(analysis === undefined ? {} : { analysis }) });
    };
    run().catch((error: unknown) => {
      if (ac.signal.aborted) return;
      if (error instanceof OutputExistsError) {
        const suggestion = freeName(writing.analysis.input, writing.split);
        dispatch({ type: 'output-exists', paths: error.paths, suggestion });
      } else dispatch({ type: 'write-failed', message: message(error) });
    });
    return () => ac.abort();
  }, [writing, dispatch, services, sessions]);
}

/** Saves decisions as they are made, so that quitting and reopening the same file can resume. */
function useSessionSaver(state: WizardState, services: Services, queue: SessionQueue): void {
  const review = state.screen === 'review' || state.screen === 'samples' ? state : null;
  const index =
    review === null ? 0 : state.screen === 'review' ? state.index : reviewable(review.analysis).length;
  const lastSaved = useRef('');
  // Saves run one after another so that an older save can never land after a newer one.
  useEffect(() => {
    if (review === null) return;
    const progress = {
      decisions: review.decisions,
      index,
      dropped: [...review.dropped],
      ...(review.columnMap === undefined ? {} : { columnMap: review.columnMap }),
      ...(review.systemMessage === undefined ? {} : { systemMessage: review.systemMessage }),
      ...(review.relabels === undefined ? {} : { relabels: review.relabels }),
    };
    const key = JSON.stringify(progress);
    if (key === lastSaved.current) return;
    lastSaved.current = key;
    // A failed save only loses the resume offer; it must not interrupt the review.
    const path = review.analysis.input;
    queue.current = queue.current.then(() => services.sessions.save(path, progress)).catch(() => undefined);
  }, [review, index, services]);
}

export function useWizardEffects(
  state: WizardState,
  dispatch: Dispatch<WizardAction>,
  services: Services,
): void {
  useAnalysis(state, dispatch, services);
  useSequence(state, dispatch, services);
  useSamples(state, dispatch, services);
  useSplitCount(state, dispatch, services);
  const sessions = useRef<Promise<void>>(Promise.resolve());
  useWrite(state, dispatch, services, sessions);
  useSessionSaver(state, services, sessions);
}
