import { isAscii } from 'node:buffer';
import { TextDecoder } from 'node:util';
import type yauzl from 'yauzl';
import { endsInsideCharacter } from './chunks.js';
import { entryBytes, type CheckedZip } from './zip-guard.js';

const PIECE = 1 << 16;

/**
 * Streams one part's inflated bytes as decoded text (UTF-8, or UTF-16 with its byte-order mark), in
 * pieces of 64 KB at most: small strings die young, where a megabyte one is a full collection. A UTF-8
 * piece of pure ASCII (a sheet's tags and numbers, most of the time) is copied, not decoded: ten times
 * faster, and exact, as long as the decoder holds no part of a character cut at the piece before.
 */
export async function* partText(
  zip: CheckedZip,
  entry: yauzl.Entry,
  label: string,
  onBytes?: (inflated: number) => void,
): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let utf16 = false;
  let first = true;
  /** The decoder holds the first bytes of a character cut at the end of the last piece. */
  let pending = false;
  let inflated = 0;
  for await (const chunk of entryBytes(zip.path, entry, label)) {
    if (decoder === null) {
      utf16 = chunk[0] === 0xff && chunk[1] === 0xfe;
      decoder = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8', { ignoreBOM: false });
    }
    inflated += chunk.length;
    onBytes?.(inflated);
    for (let at = 0; at < chunk.length; at += PIECE) {
      const piece = chunk.subarray(at, Math.min(chunk.length, at + PIECE));
      // The first piece goes through the decoder, which drops a byte-order mark.
      if (!utf16 && !pending && !first && isAscii(piece)) yield piece.toString('latin1');
      else {
        yield decoder.decode(piece, { stream: true });
        pending = !utf16 && endsInsideCharacter(piece);
      }
      first = false;
    }
  }
  if (decoder !== null) yield decoder.decode();
}
