/**
 * Index of the first byte that does not continue a valid UTF-8 sequence, or -1. Used only after the
 * fatal decoder refused a chunk, to name the line at fault.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    let need: number;
    let min: number;
    if (b < 0x80) {
      i++;
      continue;
    } else if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    if (i + need >= bytes.length) return i + need === bytes.length ? -1 : -1;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k] ?? 0;
      if ((c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

/** Counts `\n` bytes in `bytes[0, end)`. */
export function countNewlines(bytes: Uint8Array, end: number): number {
  let count = 0;
  let at = bytes.indexOf(0x0a);
  while (at !== -1 && at < end) {
    count++;
    at = bytes.indexOf(0x0a, at + 1);
  }
  return count;
}
