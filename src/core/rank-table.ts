/**
 * A BPE encoding's ranks as one flat binary table, for counting tokens without loading the tokenizer.
 *
 * Why: gpt-tokenizer keeps its ranks as a JavaScript array literal of 100,000 (cl100k) or 200,000
 * (o200k) strings and builds a Map from them when it loads. That costs 0.25 s (cl100k) to 0.43 s
 * (o200k) of CPU in every process and worker thread that counts, more than the rest of `prepare` on a
 * small file. The same ranks as bytes in an open-addressing hash table load by reading one file
 * (encodings.ts keeps it in a cache folder), and counting with them gives the same numbers: the
 * tiktoken algorithm (a piece found whole is one token, otherwise its UTF-8 bytes are merged pair by
 * pair, lowest rank first), which is what gpt-tokenizer runs too. test/core/rank-table.test.ts
 * compares both on fixtures, tricky text and random Unicode.
 *
 * Layout (32-bit words in this machine's byte order: the file never leaves the machine that wrote it):
 * magic, format, n (ranks), slots (a power of two), bytes (total length) · offsets[n + 1] into the
 * bytes · slots[slots]: a rank, or -1 for an empty slot · the ranks' UTF-8 bytes, end to end.
 */

/** 'FTK1' with the format's number after it: a table of another layout is rebuilt, never misread. */
const MAGIC = 0x314b5446;
const FORMAT = 1;
const HEADER_BYTES = 20;

/** One rank as gpt-tokenizer lists it: text, the bytes of a token that is not valid UTF-8, or a hole. */
export type RankEntry = string | ArrayLike<number> | undefined;

/** FNV-1a over bytes: cheap, and spread enough for open addressing at half load. */
function fnv1a(bytes: Uint8Array, from: number, to: number): number {
  let hash = 0x811c9dc5;
  for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193);
  return hash >>> 0;
}

/** The table of `ranks` (index = rank), to be written to disk and read back by `createTableCounter`. */
export function buildRankTable(ranks: ReadonlyArray<RankEntry>): Uint8Array {
  const encoder = new TextEncoder();
  const pieces = ranks.map((entry) =>
    entry === undefined ? null : typeof entry === 'string' ? encoder.encode(entry) : Uint8Array.from(entry),
  );
  const total = pieces.reduce((sum, piece) => sum + (piece?.length ?? 0), 0);
  const n = ranks.length;
  let slots = 1;
  while (slots < n * 2) slots *= 2;
  const offsetsAt = HEADER_BYTES;
  const slotsAt = offsetsAt + (n + 1) * 4;
  const bytesAt = slotsAt + slots * 4;
  const buffer = new ArrayBuffer(bytesAt + total);
  new Uint32Array(buffer, 0, 5).set([MAGIC, FORMAT, n, slots, total]);
  const offsets = new Uint32Array(buffer, offsetsAt, n + 1);
  const table = new Int32Array(buffer, slotsAt, slots).fill(-1);
  const bytes = new Uint8Array(buffer, bytesAt, total);
  let at = 0;
  pieces.forEach((piece, rank) => {
    offsets[rank] = at;
    if (piece === null) return;
    bytes.set(piece, at);
    at += piece.length;
    let slot = fnv1a(piece, 0, piece.length) & (slots - 1);
    while (table[slot] !== -1) slot = (slot + 1) & (slots - 1);
    table[slot] = rank;
  });
  offsets[n] = at;
  return new Uint8Array(buffer);
}

/** Whether `bytes` is a whole table of this format (a file cut short or of another format is not). */
export function isRankTable(bytes: Uint8Array): boolean {
  if (bytes.length < HEADER_BYTES) return false;
  // A copy of the header (a Buffer's `slice` would share its pool): aligned, in this machine's byte order.
  const [magic, format, n = 0, slots = 0, total = 0] = new Uint32Array(
    new Uint8Array(bytes.subarray(0, HEADER_BYTES)).buffer,
  );
  if (magic !== MAGIC || format !== FORMAT || slots === 0 || (slots & (slots - 1)) !== 0) return false;
  return bytes.length === HEADER_BYTES + (n + 1) * 4 + slots * 4 + total;
}

/**
 * A function that counts the tokens of one text (no special tokens: their text is plain text) with a
 * table from `buildRankTable` and the encoding's pre-token pattern.
 *
 * It is self-contained, with no reference outside its own body, because core/token-pool.ts sends its
 * source (`createTableCounter.toString()`) to worker threads that cannot import our modules.
 */
export function createTableCounter(
  table: Uint8Array,
  pattern: string,
  flags: string,
): (text: string) => number {
  // Typed views need 4-byte alignment; a Buffer read from disk may start anywhere in its pool.
  const data = table.byteOffset % 4 === 0 ? table : new Uint8Array(table);
  const words = new Uint32Array(data.buffer, data.byteOffset, 5);
  const n = words[2] ?? 0;
  const slotCount = words[3] ?? 0;
  const total = words[4] ?? 0;
  const offsets = new Uint32Array(data.buffer, data.byteOffset + 20, n + 1);
  const slots = new Int32Array(data.buffer, data.byteOffset + 20 + (n + 1) * 4, slotCount);
  const rankBytes = new Uint8Array(data.buffer, data.byteOffset + 20 + (n + 1) * 4 + slotCount * 4, total);
  const mask = slotCount - 1;
  const NONE = 0x7fffffff;
  const splitter = new RegExp(pattern, flags);
  const encoder = new TextEncoder();
  let utf8 = new Uint8Array(256);
  let starts = new Int32Array(64);
  let pairRanks = new Int32Array(64);
  // Counts of pieces already seen: words repeat, and a hit skips encoding and hashing.
  const seen = new Map<string, number>();

  /** The rank of bytes[from, to), or NONE. */
  function rankOf(bytes: Uint8Array, from: number, to: number): number {
    let hash = 0x811c9dc5;
    for (let i = from; i < to; i++) hash = Math.imul(hash ^ (bytes[i] ?? 0), 0x01000193);
    const length = to - from;
    for (let slot = (hash >>> 0) & mask; ; slot = (slot + 1) & mask) {
      const rank = slots[slot] ?? -1;
      if (rank === -1) return NONE;
      const start = offsets[rank] ?? 0;
      if ((offsets[rank + 1] ?? 0) - start !== length) continue;
      let k = 0;
      while (k < length && rankBytes[start + k] === bytes[from + k]) k++;
      if (k === length) return rank;
    }
  }

  /** Tokens of a piece not found whole: merge the lowest-ranked adjacent pair until none is a token. */
  function mergedCount(bytes: Uint8Array, length: number): number {
    if (starts.length < length + 1) {
      starts = new Int32Array(length * 2 + 1);
      pairRanks = new Int32Array(length * 2 + 1);
    }
    let parts = length + 1;
    for (let i = 0; i <= length; i++) {
      starts[i] = i;
      pairRanks[i] = i < length - 1 ? rankOf(bytes, i, i + 2) : NONE;
    }
    while (parts > 1) {
      let lowest = NONE;
      let at = -1;
      for (let i = 0; i < parts - 1; i++) {
        const rank = pairRanks[i] ?? NONE;
        if (rank < lowest) {
          lowest = rank;
          at = i;
        }
      }
      if (at === -1) break;
      starts.copyWithin(at + 1, at + 2, parts);
      pairRanks.copyWithin(at, at + 1, parts);
      parts--;
      pairRanks[at] = at + 2 < parts ? rankOf(bytes, starts[at] ?? 0, starts[at + 2] ?? 0) : NONE;
      if (at > 0)
        pairRanks[at - 1] = at + 1 < parts ? rankOf(bytes, starts[at - 1] ?? 0, starts[at + 1] ?? 0) : NONE;
    }
    return parts - 1;
  }

  return (text: string): number => {
    let count = 0;
    for (const match of text.matchAll(splitter)) {
      const piece = match[0];
      const known = seen.get(piece);
      if (known !== undefined) {
        count += known;
        continue;
      }
      if (utf8.length < piece.length * 3) utf8 = new Uint8Array(piece.length * 3);
      const length = encoder.encodeInto(piece, utf8).written;
      const tokens = rankOf(utf8, 0, length) !== NONE ? 1 : mergedCount(utf8, length);
      if (seen.size >= 50_000) seen.clear();
      seen.set(piece, tokens);
      count += tokens;
    }
    return count;
  };
}
