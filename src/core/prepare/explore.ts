import type { ExampleView, PreviewRow } from '../findings.js';
import { openSource } from '../read/open.js';
import { isPlainObject } from '../read/values.js';
import { mulberry32 } from './hash.js';
import { pcView, recordView } from './preview.js';
import { TableReader } from './table.js';
import { RowTransformer } from './transform.js';
import type { Analysis, Decisions } from './types.js';
import { activeFixes } from './write.js';

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
  const source = await openSource(analysis.input, analysis.input, { sheet: analysis.sheet });
  const scan = options.signal ? { signal: options.signal } : {};
  if (plan.kind === 'chat') {
    const { applyChatFixes, chatExampleView } = await import('../chat/index.js');
    await source.scan((position, value, raw) => {
      if (dropped.has(position)) return;
      const fixed = applyChatFixes(value, position, fixes, plan.context);
      if (fixed !== null) offer(position, () => chatExampleView(fixed, raw ?? JSON.stringify(fixed)));
    }, scan);
  } else {
    const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
    const transformer = new RowTransformer(plan, fixes, dropped);
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
 * Row-specific findings page through their rows; column-wide fixes page through every example.
 */
export async function affectedRows(
  analysis: Analysis,
  findingId: string,
  options: { readonly offset: number; readonly limit: number; readonly signal?: AbortSignal },
): Promise<{ readonly total: number; readonly rows: readonly PreviewRow[] }> {
  const finding = analysis.findings.find((f) => f.id === findingId);
  const plan = analysis.plan;
  if (!finding || finding.rows.count === 0 || plan === null) return { total: 0, rows: [] };
  const rows: PreviewRow[] = [];
  let index = 0;
  const take = (make: () => PreviewRow): void => {
    if (index >= options.offset && rows.length < options.limit) rows.push(make());
    index++;
  };
  const positions =
    finding.rows.count <= finding.rows.positions.length ? new Set(finding.rows.positions) : null;
  const source = await openSource(analysis.input, analysis.input, { sheet: analysis.sheet });
  const scan = options.signal ? { signal: options.signal } : {};
  if (plan.kind === 'chat') {
    const { applyChatFixes, chatExampleView } = await import('../chat/index.js');
    const fixes = new Set([findingId]);
    await source.scan((position, value, raw) => {
      if (positions !== null && !positions.has(position)) return;
      const fixed = applyChatFixes(value, position, fixes, plan.context);
      take(() => ({
        position,
        before: chatExampleView(value, raw ?? ''),
        after: fixed === null ? null : chatExampleView(fixed, JSON.stringify(fixed)),
      }));
    }, scan);
    return { total: finding.rows.count, rows };
  }
  const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  const transformer = new RowTransformer(plan, new Set([findingId]));
  const necessary = finding.kind === 'necessary';
  await source.scan((position, value) => {
    if (positions !== null && !positions.has(position)) return;
    const fate = table.read(position, value);
    if (necessary) {
      if (findingId === 'empty-completions' && fate !== 'empty-completion') return;
      if (findingId === 'non-text-values' && fate !== 'non-text') return;
      const record = isPlainObject(value) ? value : {};
      const removed = fate !== 'kept';
      take(() => ({
        position,
        before: recordView(record, analysis.columns, [plan.promptColumn, plan.completionColumn]),
        after: removed ? null : pcView(table.prompt, table.completion),
      }));
      return;
    }
    if (fate !== 'kept') return;
    const { prompt, completion } = table;
    const kept = transformer.apply(position, prompt, completion);
    if (kept && !transformer.modified && positions === null) return;
    take(() => ({
      position,
      before: pcView(prompt, completion),
      after: kept ? pcView(transformer.prompt, transformer.completion) : null,
    }));
  }, scan);
  return { total: Math.max(finding.rows.count, index), rows };
}
