import type { ExampleView, PreviewRow } from '../findings.js';
import { isPlainObject } from '../read/values.js';
import { mulberry32 } from './hash.js';
import { pcView, recordView } from './preview.js';
import { reopen } from './records.js';
import { TableReader } from './table.js';
import { activeFixes, RowTransformer } from './transform.js';
import type { Analysis, Decisions } from './types.js';
import { sequentialRows } from './sequence.js';

/**
 * A reproducible random sample of the prepared examples (after the necessary fixes and the accepted
 * optional ones, without the rows already dropped), for reviewing data by hand. One streamed pass.
 */
export async function sampleExamples(
  analysis: Analysis,
  decisions: Decisions,
  options: { readonly count: number; readonly seed: number; readonly signal?: AbortSignal },
): Promise<ReadonlyArray<{ readonly position: number; readonly example: ExampleView }>> {
  const plan = analysis.plan;
  if (plan === null || options.count <= 0) return [];
  const random = mulberry32(options.seed);
  const kept: Array<{ position: number; example: () => ExampleView }> = [];
  let seen = 0;
  const offer = (position: number, example: () => ExampleView): void => {
    const index = seen++;
    if (index < options.count) kept.push({ position, example });
    else {
      const slot = Math.floor(random() * (index + 1));
      if (slot < options.count) kept[slot] = { position, example };
    }
  };
  const fixes = activeFixes(analysis, decisions.accepted);
  const dropped = decisions.dropped ?? new Set<number>();
  const source = await reopen(analysis);
  const scan = options.signal ? { signal: options.signal } : {};
  if (plan.kind === 'chat') {
    const { applyChatFixes, chatExampleView, withSystemMessageOverride } = await import('../chat/index.js');
    const context = withSystemMessageOverride(plan.context, decisions.systemMessage);
    await source.scan((position, value, raw) => {
      if (dropped.has(position)) return;
      const fixed = applyChatFixes(value, position, fixes, context);
      if (fixed !== null) offer(position, () => chatExampleView(fixed, raw ?? JSON.stringify(fixed)));
    }, scan);
  } else {
    const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
    const transformer = new RowTransformer(plan, fixes, dropped, decisions.relabel);
    await source.scan((position, value) => {
      if (
        table.read(position, value) !== 'kept' ||
        !transformer.apply(position, table.prompt, table.completion)
      )
        return;
      const view = pcView(transformer.prompt, transformer.completion);
      offer(position, () => view);
    }, scan);
  }
  return kept
    .sort((a, b) => a.position - b.position)
    .map(({ position, example }) => ({ position, example: example() }));
}

/**
 * A page of the rows a finding concerns, with before/after views, for "view all affected rows".
 * Necessary fixes page through the rows they change or remove; an optional fix through the rows it
 * changes once the fixes accepted before it are applied (see sequence.ts).
 */
export async function affectedRows(
  analysis: Analysis,
  findingId: string,
  options: {
    readonly offset: number;
    readonly limit: number;
    readonly signal?: AbortSignal;
    readonly accepted?: ReadonlySet<string>;
    readonly systemMessage?: string | undefined;
  },
): Promise<{ readonly total: number; readonly rows: readonly PreviewRow[] }> {
  const finding = analysis.findings.find((f) => f.id === findingId);
  const plan = analysis.plan;
  if (!finding || plan === null) return { total: 0, rows: [] };
  if (finding.kind === 'optional') {
    return sequentialRows(analysis, findingId, options.accepted ?? new Set(), options, options);
  }
  if (finding.rows.count === 0 || plan.kind !== 'prompt-completion') return { total: 0, rows: [] };
  const rows: PreviewRow[] = [];
  let index = 0;
  const take = (make: () => PreviewRow): void => {
    if (index >= options.offset && rows.length < options.limit) rows.push(make());
    index++;
  };
  const positions =
    finding.rows.count <= finding.rows.positions.length ? new Set(finding.rows.positions) : null;
  const source = await reopen(analysis);
  const scan = options.signal ? { signal: options.signal } : {};
  const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  await source.scan((position, value) => {
    if (positions !== null && !positions.has(position)) return;
    const fate = table.read(position, value);
    if (findingId === 'empty-completions' && fate !== 'empty-completion') return;
    if (findingId === 'non-text-values' && fate !== 'non-text') return;
    const record = isPlainObject(value) ? value : {};
    const removed = fate !== 'kept';
    take(() => ({
      position,
      before: recordView(record, analysis.columns, [plan.promptColumn, plan.completionColumn]),
      after: removed ? null : pcView(table.prompt, table.completion),
    }));
  }, scan);
  return { total: Math.max(finding.rows.count, index), rows };
}
