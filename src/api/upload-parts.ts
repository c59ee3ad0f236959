import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { basename } from 'node:path';
import type OpenAI from 'openai';
import { toStreamingFile } from 'openai';
import type { FileObject } from 'openai/resources/files';
import { countingRead } from './upload-stream.js';
import { withRetries } from './retry.js';

export interface PartsOptions {
  readonly partSize: number;
  readonly concurrency: number;
  readonly retry: { attempts: number; baseMs: number; signal?: AbortSignal | undefined };
  readonly onProgress: (sentBytes: number) => void;
}

async function md5Of(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/**
 * The Uploads API path for large files: create an upload, send the parts in parallel (bounded),
 * each retried on its own, then complete it with the parts in file order and the file's md5.
 */
export async function uploadInParts(
  client: OpenAI,
  path: string,
  totalBytes: number,
  options: PartsOptions,
): Promise<FileObject> {
  const { signal } = options.retry;
  const request = { maxRetries: 0, ...(signal ? { signal } : {}) };
  const md5 = md5Of(path);
  md5.catch(() => undefined); // awaited later; a failure there is reported then
  const upload = await withRetries(
    () =>
      client.uploads.create(
        { bytes: totalBytes, filename: basename(path), mime_type: 'text/jsonl', purpose: 'fine-tune' },
        request,
      ),
    options.retry,
  );
  const count = Math.ceil(totalBytes / options.partSize);
  const partIds = new Array<string>(count);
  const sentByPart = new Array<number>(count).fill(0);
  const report = () => options.onProgress(sentByPart.reduce((a, b) => a + b, 0));
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const index = next++;
      const start = index * options.partSize;
      const end = Math.min(totalBytes, start + options.partSize);
      const part = await withRetries(() => {
        // A retried part starts again from zero: its earlier bytes do not count.
        sentByPart[index] = 0;
        report();
        const data = countingRead(path, start, end, (n) => {
          sentByPart[index] = (sentByPart[index] ?? 0) + n;
          report();
        });
        return client.uploads.parts.create(
          upload.id,
          { data: toStreamingFile(data, `part-${index}`) },
          request,
        );
      }, options.retry);
      partIds[index] = part.id;
    }
  };
  try {
    report();
    await Promise.all(Array.from({ length: Math.min(options.concurrency, count) }, worker));
    const completed = await withRetries(
      async () => client.uploads.complete(upload.id, { part_ids: partIds, md5: await md5 }, request),
      options.retry,
    );
    if (!completed.file) throw new Error(`upload ${upload.id} completed without a file`);
    return completed.file;
  } catch (error) {
    // Best effort: an abandoned upload would otherwise linger until it expires.
    await client.uploads.cancel(upload.id, { maxRetries: 0 }).catch(() => undefined);
    throw error;
  }
}
