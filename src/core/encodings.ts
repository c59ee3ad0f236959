import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import envPaths from 'env-paths';
import type * as O200k from 'gpt-tokenizer/encoding/o200k_base';
import { buildRankTable, createTableCounter, isRankTable, type RankEntry } from './rank-table.js';
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
const encodingModuleIds: Readonly<Record<EncodingName, string>> = {
  o200k_base: 'gpt-tokenizer/encoding/o200k_base',
  cl100k_base: 'gpt-tokenizer/encoding/cl100k_base',
};

// Special-token text must count as plain text: an empty disallow set turns the library's throw off.
const plainText = { disallowedSpecial: new Set<string>() };

/** The pre-token pattern of an encoding, as gpt-tokenizer splits text before merging. */
export function splitPattern(name: EncodingName): { readonly source: string; readonly flags: string } {
  const constants = require('gpt-tokenizer/encodingParams/constants') as Record<string, RegExp>;
  const regex = constants[name === 'o200k_base' ? 'O200K_TOKEN_SPLIT_REGEX' : 'CL100K_TOKEN_SPLIT_REGEX'];
  if (!(regex instanceof RegExp)) throw new Error(`gpt-tokenizer has no split pattern for ${name}`);
  return { source: regex.source, flags: regex.flags };
}

/**
 * Where rank tables are kept, in order: the package's own `node_modules/.cache` (as other tools keep
 * theirs; `../../` is the package's root from src/core and from dist/core alike), so they go with the
 * installed tokenizer; then the user's cache folder, for an install the user cannot write to. Never
 * the user's data.
 */
const RANK_TABLE_DIRS = [
  fileURLToPath(new URL('../../node_modules/.cache/fine-tune/', import.meta.url)),
  envPaths('fine-tune', { suffix: '' }).cache,
];

function tokenizerVersion(): string {
  const constants = require.resolve('gpt-tokenizer/encodingParams/constants');
  const manifest = join(dirname(constants), '..', '..', 'package.json');
  return (JSON.parse(readFileSync(manifest, 'utf8')) as { version?: string }).version ?? 'unknown';
}

/** A rank table and the file it is kept in (null when it could not be written anywhere). */
export interface LoadedRankTable {
  readonly bytes: Uint8Array;
  readonly path: string | null;
}

/**
 * The encoding's rank table: read from the first of `dirs` that holds a whole one, else built from
 * gpt-tokenizer's ranks (the slow load it replaces, once per installed version) and written atomically
 * into the first folder that can be written, for the next process. Where none can, it only costs that
 * time again.
 */
export function loadRankTable(
  name: EncodingName,
  dirs: readonly string[] = RANK_TABLE_DIRS,
): LoadedRankTable {
  const file = `${name}-gpt-tokenizer-${tokenizerVersion()}.bin`;
  for (const dir of dirs) {
    try {
      const bytes = readFileSync(join(dir, file));
      if (isRankTable(bytes)) return { bytes, path: join(dir, file) };
    } catch {
      // Not built there yet (or unreadable).
    }
  }
  const ranks = (require(`gpt-tokenizer/bpeRanks/${name}`) as { default: ReadonlyArray<RankEntry> }).default;
  const bytes = buildRankTable(ranks);
  for (const dir of dirs) {
    const path = join(dir, file);
    if (writeAtomically(dir, path, bytes)) return { bytes, path };
  }
  return { bytes, path: null };
}

function writeAtomically(dir: string, path: string, bytes: Uint8Array): boolean {
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(temp, bytes);
    renameSync(temp, path);
    return true;
  } catch {
    try {
      rmSync(temp, { force: true });
    } catch {
      // The folder itself could not be made: there is no temp file to remove.
    }
    return false;
  }
}

const tables = new Map<EncodingName, LoadedRankTable>();

/** The rank table of this process (loaded once). */
export function rankTable(name: EncodingName): LoadedRankTable {
  let table = tables.get(name);
  if (!table) {
    table = loadRankTable(name);
    tables.set(name, table);
  }
  return table;
}

/** Counts one text's tokens with the rank table; long runs are cut first (token-segments.ts). */
function tableCounter(
  name: EncodingName,
  table: Uint8Array = rankTable(name).bytes,
): (text: string) => number {
  const { source, flags } = splitPattern(name);
  const countPiece = createTableCounter(table, source, flags);
  return (text) => {
    let total = 0;
    for (const piece of tokenSegments(text)) total += countPiece(piece);
    return total;
  };
}

const cache = new Map<EncodingName, Encoder>();

/**
 * The encoding's counter, encoder and decoder. Counting uses the rank table; gpt-tokenizer itself
 * loads only when text is encoded or decoded, or its special tokens are asked for.
 */
export function getEncoder(name: EncodingName): Encoder {
  const cached = cache.get(name);
  if (cached) return cached;
  let loaded: EncodingModule | undefined;
  const library = () => (loaded ??= require(encodingModuleIds[name]) as EncodingModule);
  let special: readonly string[] | undefined;
  const encoder: Encoder = {
    count: tableCounter(name),
    encode: (text) => library().encode(text, plainText),
    decode: (tokens) => library().decode(tokens),
    get specialTokens() {
      return (special ??= [...specialTokenSet(library())]);
    },
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
