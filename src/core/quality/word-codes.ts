/**
 * The words the checks keep of every row, one to three bytes each instead of two: a word's 16-bit
 * hash (words.ts) is numbered in the order words first appear, and the number is written in 1 byte
 * below 128, 2 bytes below 16,384 and 3 bytes past that. Most words of a file are among its first
 * hundred distinct ones (the commonest come early), so most take one byte: on the bench's 800k
 * tickets the words went from 67 MB to about 35 MB, the biggest part of the checks' memory.
 */
export class WordCodes {
  /** Number → word hash (every 16-bit hash has at most one number). */
  readonly vocabulary = new Uint16Array(65536);
  /** Word hash → number + 1 (0: not numbered yet). */
  private readonly numbers = new Uint32Array(65536);
  private count = 0;

  /** Writes the codes of words[0, m) into `out` from `at` (room for 3 bytes a word); returns the end. */
  encode(words: Uint16Array, m: number, out: Uint8Array, at: number): number {
    for (let k = 0; k < m; k++) {
      const word = words[k] as number;
      let id = (this.numbers[word] as number) - 1;
      if (id < 0) {
        id = this.count++;
        this.numbers[word] = id + 1;
        this.vocabulary[id] = word;
      }
      if (id < 0x80) out[at++] = id;
      else if (id < 0x4000) {
        out[at++] = 0x80 | (id >>> 8);
        out[at++] = id & 0xff;
      } else {
        out[at++] = 0xc0;
        out[at++] = id >>> 8;
        out[at++] = id & 0xff;
      }
    }
    return at;
  }
}

/** The word hashes coded in bytes[from, to) into `out` (from 0); returns how many. */
export function decodeWords(
  bytes: Uint8Array,
  from: number,
  to: number,
  vocabulary: Uint16Array,
  out: Uint16Array,
): number {
  let n = 0;
  let k = from;
  while (k < to) {
    const b = bytes[k] as number;
    let id: number;
    if (b < 0x80) {
      id = b;
      k += 1;
    } else if (b < 0xc0) {
      id = ((b & 0x3f) << 8) | (bytes[k + 1] as number);
      k += 2;
    } else {
      id = ((bytes[k + 1] as number) << 8) | (bytes[k + 2] as number);
      k += 3;
    }
    out[n++] = vocabulary[id] as number;
  }
  return n;
}
