import { createReadStream } from 'node:fs';

/**
 * Reads bytes [start, end) of a file as an async iterable, reporting each chunk as it is handed
 * to the HTTP client. Because fetch pulls the body only as fast as the socket drains, the count
 * follows the bytes actually sent closely enough for a progress bar.
 */
export async function* countingRead(
  path: string,
  start: number,
  end: number,
  onChunk: (bytes: number) => void,
): AsyncGenerator<Uint8Array> {
  if (end <= start) return;
  const stream = createReadStream(path, { start, end: end - 1, highWaterMark: 256 * 1024 });
  for await (const chunk of stream) {
    const bytes = chunk as Buffer;
    onChunk(bytes.byteLength);
    yield new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
}
