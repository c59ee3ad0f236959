import { createRequire } from 'node:module';
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';
import { tokenSegments } from './token-segments.js';

/** The two BPE encodings fine-tunable models use. */
export type EncodingName = 'o200k_base' | 'cl100k_base';

type EncodingModule = typeof O200k;

export interface Encoder {
  readonly count: (text: string) => number;
  readonly encode: (text: string) => number[];
  readonly decode: (tokens: Iterable<number>) => string;
  /** Texts that the encoding reserves as control tokens (`<|endoftext|>` …). */
  readonly specialTokens: readonly string[];
}

const require = createRequire(import.meta.url);

/** Module ids resolved with `require`, so only the encoding in use is loaded, synchronously, from disk. */
export const encodingModuleIds: Readonly<Record<EncodingName, string>> = {
  o200k_base: 'gpt-tokenizer/encoding/o200k_base',
  cl100k_base: 'gpt-tokenizer/encoding/cl100k_base',
};

/** Absolute path of an encoding module, for worker threads that cannot resolve from our location. */
export function encodingModulePath(name: EncodingName): string {
  return require.resolve(encodingModuleIds[name]);
}

// Special-token text must count as plain text: an empty disallow set turns the library's throw off.
const plainText = { disallowedSpecial: new Set<string>() };

const cache = new Map<EncodingName, Encoder>();

export function getEncoder(name: EncodingName): Encoder {
  const cached = cache.get(name);
  if (cached) return cached;
  const mod = require(encodingModuleIds[name]) as EncodingModule;
  const encoder: Encoder = {
    count: (text) => {
      let total = 0;
      for (const piece of tokenSegments(text)) total += mod.countTokens(piece, plainText);
      return total;
    },
    encode: (text) => mod.encode(text, plainText),
    decode: (tokens) => mod.decode(tokens),
    specialTokens: [...specialTokenSet(mod)],
  };
  cache.set(name, encoder);
  return encoder;
}

function specialTokenSet(mod: EncodingModule): Iterable<string> {
  // The set is private in the library's types, but it is the library's own list for this encoding.
  const api = mod.default as unknown as { specialTokensSet?: unknown };
  const set = api.specialTokensSet;
  if (set instanceof Set) return [...set].filter((t): t is string => typeof t === 'string');
  return ['<|endoftext|>', '<|endofprompt|>'];
}
