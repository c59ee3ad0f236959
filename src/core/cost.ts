import { DEFAULT_PRICES, trainingPrice, type PriceTable } from './prices.js';
import { baseModel } from './tokens.js';

/** Per-example training limit of the models the reference lists; current models default to 65,536. */
export const DEFAULT_TRAINING_LIMIT = 65_536;
/** The local provider trains small models with a short context; longer examples are cut. */
export const LOCAL_TRAINING_LIMIT = 4_096;

/** Per-example token limit of training for a model; longer examples are truncated from the end. */
export function trainingTokenLimit(model: string, options: { local?: boolean } = {}): number {
  if (options.local) return LOCAL_TRAINING_LIMIT;
  const base = baseModel(model);
  if (base === 'gpt-3.5-turbo-0613') return 4_096;
  if (base.startsWith('gpt-3.5-turbo')) return 16_385;
  // babbage-002 and davinci-002 have a 16,384-token context window.
  if (base === 'babbage-002' || base === 'davinci-002') return 16_384;
  return DEFAULT_TRAINING_LIMIT;
}

/**
 * Epochs OpenAI picks when `n_epochs` is `auto`, for `n` training examples: 3, raised for small sets
 * (so that about 100 examples are seen, at most 25 epochs) and lowered for big ones (about 25,000).
 */
export function defaultEpochs(n: number): number {
  if (3 * n < 100) return Math.min(25, Math.floor(100 / Math.max(1, n)));
  if (3 * n > 25_000) return Math.max(1, Math.floor(25_000 / n));
  return 3;
}

/** Token statistics as the analyzers report them; `billable` makes the clipped sum exact. */
export interface TokenTotalsLike {
  readonly examples: number;
  readonly sum: number;
  readonly total: { readonly max: number };
  readonly billable?: { readonly limit: number; readonly sum: number };
}

export interface CostEstimate {
  readonly model: string;
  readonly epochs: number;
  readonly billedTokens: number;
  readonly pricePerMillion: number | null;
  readonly usd: number | null;
  readonly priceAsOf: string;
  readonly trainingLimit: number;
}

export interface CostInput {
  readonly model: string;
  /** Tokens of each training example, or statistics over them. Validation examples are not billed. */
  readonly exampleTokens: Iterable<number> | ArrayLike<number> | TokenTotalsLike;
  readonly epochs?: number | 'auto';
  readonly prices?: PriceTable;
  /** A model of the local provider: training is free. */
  readonly local?: boolean;
}

/** Billed training tokens ≈ Σ min(limit, tokens(example)) × epochs; cost = billed × price. */
export function estimateCost(input: CostInput): CostEstimate {
  const prices = input.prices ?? DEFAULT_PRICES;
  const trainingLimit = trainingTokenLimit(input.model, input.local ? { local: true } : {});
  const { examples, clipped } = clippedSum(input.exampleTokens, trainingLimit);
  const epochs =
    input.epochs === undefined || input.epochs === 'auto' ? defaultEpochs(examples) : input.epochs;
  const billedTokens = clipped * epochs;
  const pricePerMillion = input.local ? 0 : trainingPrice(input.model, prices);
  return {
    model: input.model,
    epochs,
    billedTokens,
    pricePerMillion,
    usd: pricePerMillion === null ? null : (billedTokens * pricePerMillion) / 1_000_000,
    priceAsOf: prices.asOf,
    trainingLimit,
  };
}

function clippedSum(
  tokens: CostInput['exampleTokens'],
  limit: number,
): { examples: number; clipped: number } {
  if (isTotals(tokens)) {
    if (tokens.billable?.limit === limit) return { examples: tokens.examples, clipped: tokens.billable.sum };
    // Without per-example numbers, clip only what is certain: nothing when no example exceeds the limit.
    const clipped = tokens.total.max <= limit ? tokens.sum : Math.min(tokens.sum, tokens.examples * limit);
    return { examples: tokens.examples, clipped };
  }
  let examples = 0;
  let clipped = 0;
  const values: Iterable<number> = Symbol.iterator in tokens ? tokens : Array.from(tokens);
  for (const t of values) {
    examples++;
    clipped += Math.min(limit, t);
  }
  return { examples, clipped };
}

function isTotals(value: CostInput['exampleTokens']): value is TokenTotalsLike {
  return typeof value === 'object' && 'sum' in value && 'examples' in value;
}

/**
 * Statistics of `tokens.examples` examples made to stand for `examples` like them (the rows actually
 * written, or the training file's share of them): totals scale, the per-example distribution stays.
 */
export function scaledTokens<T extends TokenTotalsLike>(tokens: T, examples: number): T {
  if (examples === tokens.examples) return tokens;
  const scale = tokens.examples === 0 ? 0 : examples / tokens.examples;
  return {
    ...tokens,
    examples,
    sum: Math.round(tokens.sum * scale),
    ...(tokens.billable === undefined
      ? {}
      : { billable: { ...tokens.billable, sum: Math.round(tokens.billable.sum * scale) } }),
  };
}

/** What trained tokens cost (null when the base has no known price); the local provider is free. */
export function trainedCost(
  model: string,
  trainedTokens: number | null,
  options: { readonly local?: boolean; readonly prices?: PriceTable } = {},
): number | null {
  if (options.local) return 0;
  const price = trainingPrice(model, options.prices ?? DEFAULT_PRICES);
  return price === null || trainedTokens === null ? null : (trainedTokens * price) / 1_000_000;
}
