import { TextDecoder } from 'node:util';
import type yauzl from 'yauzl';
import { entryBytes, type CheckedZip } from './zip-guard.js';

const PIECE = 1 << 16;

/**
 * Streams one part's inflated bytes as decoded text (UTF-8, or UTF-16 with its byte-order mark), in
 * pieces of `piece` bytes at most.
 */
export async function* partText(
  zip: CheckedZip,
  entry: yauzl.Entry,
  label: string,
  onBytes?: (inflated: number) => void,
  piece = PIECE,
): AsyncGenerator<string> {
  let decoder: TextDecoder | null = null;
  let inflated = 0;
  for await (const chunk of entryBytes(zip.path, entry, label)) {
    if (decoder === null) {
      const utf16 = chunk[0] === 0xff && chunk[1] === 0xfe;
      decoder = new TextDecoder(utf16 ? 'utf-16le' : 'utf-8', { ignoreBOM: false });
    }
    inflated += chunk.length;
    onBytes?.(inflated);
    // Decoded a piece at a time: small strings die young, where a megabyte one is a full collection
    // (text that is kept, as the shared strings are, is better decoded in large pieces).
    for (let at = 0; at < chunk.length; at += piece) {
      yield decoder.decode(chunk.subarray(at, Math.min(chunk.length, at + piece)), { stream: true });
    }
  }
  if (decoder !== null) yield decoder.decode();
}
