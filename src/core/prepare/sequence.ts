import type { Finding, PreviewRow } from '../findings.js';
import { COLUMN_WIDE_FIXES, COUNTED_MESSAGES } from './checks-text.js';
import { pcView } from './preview.js';
import { reopen } from './records.js';
import { TableReader } from './table.js';
import { RowTransformer } from './transform.js';
import type { Analysis } from './types.js';

const MAX_POSITIONS = 1000;
const PREVIEW = 5;

export interface SequenceOptions {
  readonly signal?: AbortSignal | undefined;
  /** The system message the user wrote for `add-system-message` (chat data). */
  readonly systemMessage?: string | undefined;
}

/**
 * Visits, for each row and each optional fix in check order, what the fix does to the row as the
 * fixes accepted before it left it (docs/prepare-checks.md: each fix applies to what the accepted
 * ones before it produced). `fix` is the index among the analysis' optional findings; `make` builds
 * the before/after preview only when asked.
 */
type Visit = (fix: number, position: number, make: () => PreviewRow) => void;

async function walk(
  analysis: Analysis,
  optional: readonly Finding[],
  accepted: ReadonlySet<string>,
  options: SequenceOptions,
  visit: Visit,
): Promise<void> {
  const plan = analysis.plan;
  if (plan === null || optional.length === 0) return;
  const source = await reopen(analysis);
  const scan = options.signal ? { signal: options.signal } : {};
  if (plan.kind === 'chat') {
    const { applyChatFixes, chatExampleView, checkLine, withSystemMessageOverride } =
      await import('../chat/index.js');
    const context = withSystemMessageOverride(plan.context, options.systemMessage);
    const steps = optional.map((f) => new Set([f.id]));
    await source.scan((position, value, raw) => {
      let current = value;
      // The analysis counts only valid examples as lacking a system message; so does this.
      let valid: boolean | null = null;
      for (let i = 0; i < optional.length; i++) {
        const id = optional[i]?.id ?? '';
        if (id === 'add-system-message' && !(valid ??= checkLine(current, context.kind).errors.size === 0))
          continue;
        const next = applyChatFixes(current, position, steps[i] ?? new Set(), context);
        if (next !== current) {
          const before = current;
          visit(i, position, () => ({
            position,
            before: chatExampleView(before, before === value ? (raw ?? '') : JSON.stringify(before)),
            after: next === null ? null : chatExampleView(next, JSON.stringify(next)),
          }));
        }
        if (accepted.has(id)) {
          if (next === null) return;
          current = next;
        }
      }
    }, scan);
    return;
  }
  const table = new TableReader(analysis.columns, analysis.columnMap, source.label, source.positionLabel);
  const steps = optional.map((f) => new RowTransformer(plan, new Set([f.id])));
  await source.scan((position, value) => {
    if (table.read(position, value) !== 'kept') return;
    let prompt = table.prompt;
    let completion = table.completion;
    for (let i = 0; i < optional.length; i++) {
      const id = optional[i]?.id ?? '';
      const step = steps[i] as RowTransformer;
      const kept = step.apply(position, prompt, completion);
      const after = kept ? { prompt: step.prompt, completion: step.completion } : null;
      if (
        COLUMN_WIDE_FIXES.has(id) ||
        after === null ||
        after.prompt !== prompt ||
        after.completion !== completion
      ) {
        const [p, c] = [prompt, completion];
        visit(i, position, () => ({
          position,
          before: pcView(p, c),
          after: after === null ? null : pcView(after.prompt, after.completion),
        }));
      }
      if (accepted.has(id)) {
        if (after === null) return;
        ({ prompt, completion } = after);
      }
    }
  }, scan);
}

/**
 * The analysis' findings with each optional fix's count, rows, preview and message as the fixes
 * accepted before it left the data, so that a fix reviewed after "remove duplicates" counts the rows
 * still there. With nothing accepted this is the analysis' own figures. One streamed pass.
 */
export async function sequentialFindings(
  analysis: Analysis,
  accepted: ReadonlySet<string>,
  options: SequenceOptions = {},
): Promise<readonly Finding[]> {
  const optional = analysis.findings.filter((f) => f.kind === 'optional');
  const counts = optional.map(() => 0);
  const positions = optional.map((): number[] => []);
  const previews = optional.map((): PreviewRow[] => []);
  const wide = optional.map((f) => COLUMN_WIDE_FIXES.has(f.id));
  await walk(analysis, optional, accepted, options, (fix, position, make) => {
    counts[fix] = (counts[fix] ?? 0) + 1;
    // Column-wide fixes list only the rows they preview, as the analysis does.
    const listed = positions[fix] as number[];
    if (listed.length < (wide[fix] ? PREVIEW : MAX_POSITIONS)) listed.push(position);
    const shown = previews[fix] as PreviewRow[];
    if (shown.length < PREVIEW) shown.push(make());
  });
  const plan = analysis.plan;
  let recount = (id: string, n: number): string | undefined =>
    COUNTED_MESSAGES[id]?.(n, analysis.positionLabel);
  if (plan?.kind === 'chat') {
    const { chatCountedMessage } = await import('../chat/index.js');
    recount = (id, n) => chatCountedMessage(id, n, plan.context) || undefined;
  }
  return analysis.findings.map((f) => {
    const i = optional.indexOf(f);
    if (i < 0) return f;
    const count = counts[i] ?? 0;
    return {
      ...f,
      message: count === f.rows.count ? f.message : (recount(f.id, count) ?? f.message),
      rows: { count, positions: positions[i] ?? [] },
      preview: previews[i] ?? [],
    };
  });
}

/**
 * A page of the rows an optional fix changes, as the accepted fixes before it left them (the review's
 * "view every affected row"): `total` counts them all.
 */
export async function sequentialRows(
  analysis: Analysis,
  findingId: string,
  accepted: ReadonlySet<string>,
  page: { readonly offset: number; readonly limit: number },
  options: SequenceOptions = {},
): Promise<{ readonly total: number; readonly rows: readonly PreviewRow[] }> {
  const optional = analysis.findings.filter((f) => f.kind === 'optional');
  const target = optional.findIndex((f) => f.id === findingId);
  // Only the fixes up to the one asked for matter.
  const upTo = optional.slice(0, target + 1);
  const rows: PreviewRow[] = [];
  let total = 0;
  if (target >= 0) {
    await walk(analysis, upTo, accepted, options, (fix, _position, make) => {
      if (fix !== target) return;
      if (total >= page.offset && rows.length < page.limit) rows.push(make());
      total++;
    });
  }
  return { total, rows };
}
