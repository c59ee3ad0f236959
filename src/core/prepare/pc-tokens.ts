import { estimateCost, type CostEstimate } from '../cost.js';
import { TokenStatsAccumulator, type TokenStats } from '../token-stats.js';
import { countPromptCompletionTokens, encodingForModel } from '../tokens.js';
import type { KeptRow } from './stats.js';

/**
 * Token statistics of prompt/completion data. Files up to the sample size are counted exactly; beyond
 * it a uniform sample is counted and the totals scaled, which keeps a million-row file fast while the
 * estimate stays within a percent or two.
 */
export function promptCompletionTokens(
  sample: readonly KeptRow[],
  rows: number,
  model: string,
): { tokens: TokenStats; estimate: CostEstimate } {
  const encoding = encodingForModel(model);
  const accumulator = new TokenStatsAccumulator();
  for (const row of sample) accumulator.add(countPromptCompletionTokens(row, encoding));
  const measured = accumulator.result();
  const scale = sample.length === 0 ? 0 : rows / sample.length;
  const tokens: TokenStats =
    scale === 1 ? measured : { ...measured, examples: rows, sum: Math.round(measured.sum * scale) };
  return { tokens, estimate: estimateCost({ model, exampleTokens: tokens }) };
}
