import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import envPaths from 'env-paths';
import { z } from 'zod';
import { UserError } from './errors.js';
import { DEFAULT_PRICES, type PriceTable } from './prices.js';

const overrideSchema = z
  .object({
    asOf: z.string().min(1).optional(),
    training: z.record(z.string().min(1), z.number().finite().nonnegative()),
    inference: z
      .record(
        z.string().min(1),
        z
          .object({ input: z.number().finite().nonnegative(), output: z.number().finite().nonnegative() })
          .strict(),
      )
      .optional(),
  })
  .strict();

/** Where the user's price override lives: `$FINE_TUNE_PRICES`, else `<config dir>/prices.json`. */
export function priceOverridePath(env: NodeJS.ProcessEnv = process.env): { path: string; explicit: boolean } {
  const fromEnv = env['FINE_TUNE_PRICES'];
  if (fromEnv) return { path: fromEnv, explicit: true };
  return { path: join(envPaths('fine-tune', { suffix: '' }).config, 'prices.json'), explicit: false };
}

/**
 * The default table merged with the user's override (override entries win). A missing default-location
 * file is normal; a missing file named by `FINE_TUNE_PRICES`, bad JSON or a bad field is a UserError
 * naming the file and the field.
 */
export function loadPriceTable(env: NodeJS.ProcessEnv = process.env): PriceTable {
  const { path, explicit } = priceOverridePath(env);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    if (!explicit && (error as NodeJS.ErrnoException).code === 'ENOENT') return DEFAULT_PRICES;
    throw new UserError(`cannot read the price file ${path}: ${(error as Error).message}`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new UserError(`the price file ${path} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = overrideSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue && issue.path.length > 0 ? issue.path.join('.') : '(top level)';
    throw new UserError(
      `the price file ${path} has a bad field ${field}: ${issue?.message ?? 'invalid'} ` +
        `(expected {"asOf": "YYYY-MM-DD", "training": {"model": dollars per 1M tokens}})`,
    );
  }
  return {
    asOf: parsed.data.asOf ?? DEFAULT_PRICES.asOf,
    source: `${path} over the built-in table`,
    training: { ...DEFAULT_PRICES.training, ...parsed.data.training },
    inference: { ...DEFAULT_PRICES.inference, ...parsed.data.inference },
  };
}

/** The user's table (see `loadPriceTable`), or null when they have none and the built-in one applies. */
export function userPrices(env: NodeJS.ProcessEnv = process.env): PriceTable | null {
  const prices = loadPriceTable(env);
  return prices === DEFAULT_PRICES ? null : prices;
}
