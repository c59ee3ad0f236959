/**
 * Training prices in US dollars per 1M training tokens, keyed by base model family. Prices change:
 * this is the one table to update. The values are as published by OpenAI and copied into the
 * project's reference notes; they were recorded on `asOf` without being checked against the live
 * pricing page (no network here), so verify them there. Users override them in `prices.json`
 * (price-override.ts, apart so that the cost estimate loads neither zod nor env-paths).
 */
export const DEFAULT_PRICES: PriceTable = {
  asOf: '2026-11-24',
  source: 'OpenAI published fine-tuning prices, as recorded in the project reference; verify before relying',
  training: {
    'gpt-4o-mini': 3,
    'gpt-4o': 25,
    'gpt-4.1-nano': 1.5,
    'gpt-4.1-mini': 5,
    'gpt-4.1': 25,
    'gpt-3.5-turbo': 8,
    'davinci-002': 6,
    'babbage-002': 0.4,
  },
  // What a fine-tuned model of each family costs to query (the golden set's "cost so far").
  inference: {
    'gpt-4o-mini': { input: 0.3, output: 1.2 },
    'gpt-4o': { input: 3.75, output: 15 },
    'gpt-4.1-nano': { input: 0.2, output: 0.8 },
    'gpt-4.1-mini': { input: 0.8, output: 3.2 },
    'gpt-4.1': { input: 3, output: 12 },
    'gpt-3.5-turbo': { input: 3, output: 6 },
    'davinci-002': { input: 12, output: 12 },
    'babbage-002': { input: 1.6, output: 1.6 },
  },
};

export interface PriceTable {
  readonly asOf: string;
  readonly source: string;
  /** $ per 1M training tokens; keys are model names or prefixes (the longest matching prefix wins). */
  readonly training: Readonly<Record<string, number>>;
  /** $ per 1M input and output tokens of a fine-tuned model, keyed like `training`. */
  readonly inference?: Readonly<Record<string, InferencePrice>>;
}

export interface InferencePrice {
  readonly input: number;
  readonly output: number;
}

/** The longest key of `prices` that names `model` or its family (fine-tunes priced as their base). */
function priceKey(model: string, prices: Readonly<Record<string, unknown>>): string | undefined {
  const name = model.startsWith('ft:') ? (model.slice(3).split(':')[0] ?? model) : model;
  let best: string | undefined;
  for (const key of Object.keys(prices)) {
    if ((name === key || name.startsWith(`${key}-`)) && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best;
}

/** $ per 1M training tokens for a model (fine-tunes priced as their base), or null when unknown. */
export function trainingPrice(model: string, table: PriceTable = DEFAULT_PRICES): number | null {
  const key = priceKey(model, table.training);
  return key === undefined ? null : (table.training[key] ?? null);
}

/** $ per 1M input and output tokens to query a fine-tuned model, or null when unknown. */
export function inferencePrice(model: string, table: PriceTable = DEFAULT_PRICES): InferencePrice | null {
  const prices = table.inference ?? DEFAULT_PRICES.inference ?? {};
  const key = priceKey(model, prices);
  return key === undefined ? null : (prices[key] ?? null);
}
