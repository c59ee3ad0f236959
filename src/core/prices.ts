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
};

export interface PriceTable {
  readonly asOf: string;
  readonly source: string;
  /** $ per 1M training tokens; keys are model names or prefixes (the longest matching prefix wins). */
  readonly training: Readonly<Record<string, number>>;
}

/** $ per 1M training tokens for a model (fine-tunes priced as their base), or null when unknown. */
export function trainingPrice(model: string, table: PriceTable = DEFAULT_PRICES): number | null {
  const name = model.startsWith('ft:') ? (model.slice(3).split(':')[0] ?? model) : model;
  let best: string | undefined;
  for (const key of Object.keys(table.training)) {
    if ((name === key || name.startsWith(`${key}-`)) && (best === undefined || key.length > best.length)) {
      best = key;
    }
  }
  return best === undefined ? null : (table.training[best] ?? null);
}
