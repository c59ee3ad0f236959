import { estimateCost, type CostEstimate } from '../cost.js';
import type { PriceTable } from '../prices.js';
import { TokenCountPool } from '../token-pool.js';
import { TokenStatsAccumulator, type TokenStats } from '../token-stats.js';
import { countTextTokens, encodingForModel } from '../tokens.js';

export interface TokenEstimate {
  readonly tokens: TokenStats;
  readonly estimate: CostEstimate;
}

/**
 * Token statistics of prompt/completion data. Files up to the sample size are counted exactly; beyond
 * it a uniform sample is counted and the totals scaled, which keeps a million-row file fast while the
 * estimate stays within a percent or two. The tokenizer loads on a worker thread while pass 1 runs,
 * so its start-up time and memory stay off the main thread and are released before pass 2.
 */
export class PromptCompletionTokens {
  private pool: TokenCountPool | null = null;
  private readonly encoding;

  /**
   * `early`: start the worker now, to load the tokenizer while pass 1 runs. For big files it starts
   * at the end instead, so its memory never adds to that of the pass.
   */
  constructor(
    private readonly model: string,
    early: boolean,
    /** Count on this thread (no tokenizer worker): for callers already off the main thread. */
    private readonly here = false,
    /** The price table for the estimate; the built-in one when absent. */
    private readonly prices?: PriceTable,
  ) {
    this.encoding = encodingForModel(model);
    if (early) this.start();
  }

  private start(): TokenCountPool | null {
    if (this.here) return null;
    try {
      this.pool ??= new TokenCountPool(this.encoding, 1);
    } catch {
      this.pool = null;
    }
    return this.pool;
  }

  async finish(
    sample: ReadonlyArray<{ readonly prompt: string; readonly completion: string }>,
    rows: number,
  ): Promise<TokenEstimate> {
    const texts = sample.flatMap((row) => [row.prompt, row.completion]);
    let counts: ArrayLike<number>;
    try {
      const pool = this.start();
      if (!pool) throw new Error('no pool');
      counts = await pool.count(texts);
    } catch {
      counts = texts.map((text) => countTextTokens(text, this.encoding));
    } finally {
      await this.close();
    }
    const accumulator = new TokenStatsAccumulator();
    for (let i = 0; i < sample.length; i++) accumulator.add((counts[2 * i] ?? 0) + (counts[2 * i + 1] ?? 0));
    const measured = accumulator.result();
    const scale = sample.length === 0 ? 0 : rows / sample.length;
    const tokens: TokenStats =
      scale === 1 ? measured : { ...measured, examples: rows, sum: Math.round(measured.sum * scale) };
    const prices = this.prices === undefined ? {} : { prices: this.prices };
    return { tokens, estimate: estimateCost({ model: this.model, exampleTokens: tokens, ...prices }) };
  }

  /** Stops the worker (also when the analysis ends early on an error). */
  async close(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.close().catch(() => undefined);
  }
}
