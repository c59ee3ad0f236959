import { mkdtempSync } from 'node:fs';
import { expect } from 'vitest';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Finding, PreviewRow } from '../../src/core/findings.js';
import type { Analysis, Decisions, Engine, WriteResult } from '../../src/app/engine.js';
import type { Services } from '../../src/app/services.js';
import { clearReviewSession, loadReviewSession, saveReviewSession } from '../../src/store/review-sessions.js';

export function row(position: number, before: [string, string], after: [string, string] | null): PreviewRow {
  const view = ([prompt, completion]: [string, string]) => ({
    fields: [
      { label: 'prompt', text: prompt },
      { label: 'completion', text: completion },
    ],
  });
  return { position, before: view(before), after: after === null ? null : view(after) };
}

export function finding(
  id: string,
  kind: Finding['kind'],
  message: string,
  preview: readonly PreviewRow[] = [],
  count = preview.length,
): Finding {
  return {
    id,
    kind,
    message,
    detail: `Why ${id} matters.`,
    rows: { count, positions: preview.map((r) => r.position) },
    preview,
  };
}

/** A small hand-made analysis: two fixes (one necessary, one optional) and an info note. */
export function makeAnalysis(overrides: Partial<Analysis> = {}): Analysis {
  return {
    input: '/data/tickets.csv',
    format: 'csv',
    delimiter: ',',
    dataFormat: 'prompt-completion',
    positionLabel: 'row',
    columns: ['prompt', 'completion', 'notes'],
    examples: 40,
    taskType: 'classification',
    error: null,
    findings: [
      finding('example-count', 'info', 'There are 40 examples; a few hundred work better.'),
      finding('extra-columns', 'necessary', 'The column notes is not used and will be dropped.', [
        row(2, ['Printer jams', 'hardware'], ['Printer jams', 'hardware']),
      ]),
      finding(
        'duplicates',
        'optional',
        '3 rows repeat an earlier row.',
        [row(7, ['Printer jams', 'hardware'], null), row(9, ['Cannot log in', 'account'], null)],
        3,
      ),
      finding(
        'completion-leading-space',
        'optional',
        'Completions should start with a space.',
        [row(2, ['Printer jams ->', 'hardware'], ['Printer jams ->', ' hardware'])],
        40,
      ),
    ],
    classification: { nClasses: 4, positiveClass: null },
    tokens: {
      examples: 40,
      sum: 800,
      total: { min: 8, max: 40, mean: 20, median: 19, p10: 10, p90: 33 },
      histogram: { edges: [8, 16, 24, 32, 40], counts: [5, 20, 10, 5] },
    },
    estimate: {
      model: 'gpt-4o-mini-2024-07-18',
      epochs: 3,
      billedTokens: 2400,
      pricePerMillion: 3,
      usd: 0.0072,
      priceAsOf: '2025-01-01',
      trainingLimit: 65536,
    },
    separator: ' ->',
    stop: null,
    model: 'gpt-4o-mini-2024-07-18',
    columnMap: {},
    plan: null,
    ...overrides,
  };
}

export interface FakeEngine extends Engine {
  readonly calls: {
    analyze: Array<{ path: string; columnMap: unknown; sheet?: string }>;
    write: Decisions[];
    sequence: Array<ReadonlySet<string>>;
  };
}

/** An engine that answers from hand-made analyses and records what the wizard asked it. */
export function fakeEngine(analyses: (path: string, columnMap: unknown) => Analysis): FakeEngine {
  const calls: FakeEngine['calls'] = { analyze: [], write: [], sequence: [] };
  return {
    calls,
    analyzeFile: async (path, options) => {
      calls.analyze.push({
        path,
        columnMap: options?.columnMap,
        ...(options?.sheet === undefined ? {} : { sheet: options.sheet }),
      });
      options?.onProgress?.({ bytesRead: 50, totalBytes: 100 });
      return analyses(path, options?.columnMap);
    },
    writePrepared: async (analysis, decisions): Promise<WriteResult> => {
      calls.write.push(decisions);
      const base = analysis.input.replace(/\.[^.]+$/, '');
      return {
        outputs: decisions.split
          ? [
              { path: `${base}_prepared_train.jsonl`, role: 'train', examples: 32 },
              { path: `${base}_prepared_valid.jsonl`, role: 'valid', examples: 8 },
            ]
          : [{ path: `${base}_prepared.jsonl`, role: 'all', examples: 40 }],
        removedRows: 3,
        modifiedRows: 37,
        unchanged: false,
        examples: 40,
        classification: analysis.classification,
        separator: analysis.separator,
        stop: analysis.stop,
        systemPrompt: null,
        // The reference's split misses a class here; a stratified one does not.
        missingClasses: decisions.split
          ? { validation: decisions.stratify === true ? [] : [' food'], training: [] }
          : null,
      };
    },
    sampleExamples: async (_analysis, _decisions, { count }) =>
      Array.from({ length: Math.min(count, 3) }, (_, i) => ({
        position: 10 + i,
        example: {
          fields: [
            { label: 'prompt', text: `Sample prompt ${i}` },
            { label: 'completion', text: ` answer ${i}` },
          ],
        },
      })),
    // Each fix accepted before a fix takes one row off its count: enough to see the screen use it.
    sequentialFindings: async (analysis, accepted) => {
      calls.sequence.push(accepted);
      return analysis.findings.map((f) => ({
        ...f,
        rows: { ...f.rows, count: f.kind === 'optional' ? f.rows.count - accepted.size : f.rows.count },
      }));
    },
    // The quality review's texts: "Prompt of row N"; each label's nearest rows, 60 % and 30 % alike.
    rowNeighbours: async (_analysis, request) => ({
      texts: request.positions.map((position) => ({
        position,
        prompt: `Prompt of row ${position}`,
        completion: 'x',
      })),
      nearest: (request.nearest?.labels ?? []).map((label, k) => ({
        label,
        rows: [0.6, 0.3].map((similarity, i) => ({
          position: 100 + 10 * k + i,
          prompt: `Near ${label} ${i + 1}`,
          completion: label,
          similarity,
        })),
      })),
    }),
    affectedRows: async (analysis, findingId, { offset, limit }) => {
      const all = Array.from({ length: 12 }, (_, i) => row(100 + i, [`dup ${i}`, 'x'], null));
      const f = analysis.findings.find((x) => x.id === findingId);
      return { total: f === undefined ? 0 : all.length, rows: all.slice(offset, offset + limit) };
    },
  };
}

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'fine-tune-app-'));
}

export function services(engine: Engine, dataDir: string, cwd = '/data'): Services {
  return {
    engine,
    cwd,
    sessions: {
      load: (path) => loadReviewSession(path, { dataDir }),
      save: (path, progress) => saveReviewSession(path, progress, { dataDir }),
      clear: (path) => clearReviewSession(path, { dataDir }),
    },
  };
}

/** Polls until `check` passes (UI updates land asynchronously), then returns; the bound only matters on a loaded machine. */
export async function waitFor(check: () => void | Promise<void>, timeoutMs = 15_000): Promise<void> {
  const start = Date.now();
  for (;;) {
    try {
      await check();
      return;
    } catch (error) {
      if (Date.now() - start > timeoutMs) throw error;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export const KEY = {
  enter: '\r',
  escape: '\u001b',
  left: '\u001b[D',
  right: '\u001b[C',
  up: '\u001b[A',
  down: '\u001b[B',
  tab: '\t',
  backspace: '\u007f',
} as const;

/**
 * Types a key as soon as the test gets to it: screens take keys through the app's key router, which
 * attaches them in the commit that draws them, so no pause is needed for the key to arrive.
 */
export async function press(ui: { stdin: { write: (data: string) => void } }, key: string): Promise<void> {
  await Promise.resolve();
  ui.stdin.write(key);
}

/** The bundled example from the summary to the written files: every fix accepted, split. */
export async function throughTheDataSteps(ui: {
  readonly lastFrame: () => string | undefined;
  readonly stdin: { write: (data: string) => void };
}): Promise<void> {
  await waitFor(() => expect(ui.lastFrame()).toContain('Task type'), 10_000);
  await press(ui, KEY.enter);
  await waitFor(() => expect(ui.lastFrame()).toMatch(/Fix 1 of \d+/));
  await press(ui, 'a');
  await waitFor(() => expect(ui.lastFrame()).toContain('Sample 1 of'));
  await press(ui, KEY.enter);
  await waitFor(() => expect(ui.lastFrame()).toContain('Split into'));
  await press(ui, 'y');
  await waitFor(() => expect(ui.lastFrame()).toContain('Wrote 2 files'), 10_000);
}
