import { randomBytes } from 'node:crypto';

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Random ids shaped like the service's (`file-…`, `ftjob-…`), 24 characters after the prefix. */
export function newId(prefix: string, length = 24): string {
  const bytes = randomBytes(length);
  let id = '';
  for (const byte of bytes) id += ALPHABET[byte % ALPHABET.length] ?? 'A';
  return `${prefix}${id}`;
}

export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000);
}
