import { UserError } from '../../src/core/errors.js';
import { analyzeFile, writePrepared } from '../../src/core/prepare/index.js';

/** What a run over one file came to: usable (written or nothing to write), a clear error, or a bug. */
export type Outcome =
  | { readonly kind: 'ok' }
  | { readonly kind: 'error'; readonly message: string }
  | { readonly kind: 'crash'; readonly message: string };

/** A case that takes longer than this has hung (the largest inputs take a few seconds). */
export const CASE_BOUND_MS = 45_000;

/**
 * The engine as `fine-tune prepare FILE --yes --out DIR` drives it, in this process: analyse, accept
 * every optional fix, write (`deferTokens`: without the token statistics, which prepare counts last). Data problems must come back as one line (the analysis error, or a
 * `UserError` from the writer); anything else thrown is a crash.
 */
export async function prepareInProcess(
  path: string,
  outDir: string,
  options: { readonly deferTokens?: boolean } = {},
): Promise<Outcome> {
  const controller = new AbortController();
  const timer = setTimeout(() => controller.abort(new Error('hung')), CASE_BOUND_MS);
  try {
    const analysis = await analyzeFile(path, { signal: controller.signal, ...options });
    if (analysis.error) return { kind: 'error', message: analysis.error.message };
    const accepted = new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));
    await writePrepared(analysis, { accepted, split: true }, { outDir, signal: controller.signal });
    return { kind: 'ok' };
  } catch (error) {
    if (error instanceof UserError) return { kind: 'error', message: error.message };
    return {
      kind: 'crash',
      message: error instanceof Error ? (error.stack ?? error.message) : String(error),
    };
  } finally {
    clearTimeout(timer);
  }
}

/** Runs `work` over `items` with at most `limit` at a time, keeping the order of the results. */
export async function mapLimit<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array<R>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      results[index] = await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  return results;
}
