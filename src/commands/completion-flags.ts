import { z } from 'zod';
import { UsageError } from '../core/errors.js';

/**
 * Flags shared by `complete`, `chat` and `eval` for querying a model: parsed once here (zod), so the
 * commands get numbers in range and separators with their escapes (`\n`, `\t`, `\\`) resolved —
 * typing `--separator '\n\n###\n\n'` in a shell is how people write it.
 */
export function unescape(text: string): string {
  return text.replace(/\\(n|t|r|\\)/g, (_, c: string) => ({ n: '\n', t: '\t', r: '\r', '\\': '\\' })[c] ?? c);
}

export function collect(value: string, previous: readonly string[] = []): string[] {
  return [...previous, value];
}

function numberFlag(name: string, schema: z.ZodNumber, raw: string | undefined): number | undefined {
  if (raw === undefined) return undefined;
  const parsed = schema.safeParse(Number(raw));
  if (raw.trim() === '' || !parsed.success) {
    throw new UsageError(`${name}: "${raw}" is not allowed (${schema.description ?? 'check the range'}).`);
  }
  return parsed.data;
}

export const maxTokensSchema = z.number().int().min(1).max(32_768).describe('a whole number ≥ 1');
export const temperatureSchema = z.number().min(0).max(2).describe('a number from 0 to 2');
export const concurrencySchema = z.number().int().min(1).max(64).describe('a whole number from 1 to 64');

export const parseMaxTokens = (raw: string | undefined) => numberFlag('--max-tokens', maxTokensSchema, raw);
export const parseTemperature = (raw: string | undefined) =>
  numberFlag('--temperature', temperatureSchema, raw);
export const parseConcurrency = (raw: string | undefined) =>
  numberFlag('--concurrency', concurrencySchema, raw);

export interface RawFormatFlags {
  readonly separator?: string;
  readonly stop?: readonly string[];
  readonly system?: string;
  readonly chat?: boolean;
}

/** The flag form `queryFormat` takes, escapes resolved. */
export function formatFlags(raw: RawFormatFlags): {
  chat?: boolean;
  separator?: string;
  stop?: string[];
  system?: string;
} {
  return {
    ...(raw.chat === true ? { chat: true } : {}),
    ...(raw.separator !== undefined ? { separator: unescape(raw.separator) } : {}),
    ...(raw.stop && raw.stop.length > 0 ? { stop: raw.stop.map(unescape) } : {}),
    ...(raw.system !== undefined ? { system: unescape(raw.system) } : {}),
  };
}
