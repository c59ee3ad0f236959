import { createHash, randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

// Screenshots only (scripts/screenshots.js): with FINE_TUNE_LOCAL_ID_SEED set, ids come from a
// counter hashed with the seed, so the same run shows the same job and model ids every time.
const ID_SEED = process.env.FINE_TUNE_LOCAL_ID_SEED;
let drawn = 0;

function idBytes(length: number): Buffer {
  if (ID_SEED === undefined || ID_SEED === '') return randomBytes(length);
  drawn += 1;
  return createHash('sha256').update(`${ID_SEED}:${drawn}`).digest().subarray(0, length);
}

/** Random ids shaped like the service's (`file-…`, `ftjob-…`), 24 characters after the prefix. */
export function newId(prefix: string, length = 24): string {
  let id = '';
  for (const byte of idBytes(length)) id += ALPHABET[byte % ALPHABET.length] ?? 'A';
  return `${prefix}${id}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
