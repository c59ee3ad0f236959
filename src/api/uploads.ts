import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type OpenAI from 'openai';
import { toStreamingFile } from 'openai';
import type { FileObject } from 'openai/resources/files';
import { UserError } from '../core/errors.js';
import { uploadInParts } from './upload-parts.js';
import { withRetries } from './retry.js';
import { countingRead } from './upload-stream.js';

/** The API's limits: a single `POST /files` request and each part of an upload carry at most 64 MB. */
export const MAX_PART_BYTES = 64 * 1024 * 1024;
/**
 * Parts smaller than the limit: the multipart envelope stays under any 64 MB request cap, and a
 * 64–128 MB file still goes up as several parts in parallel.
 */
export const DEFAULT_PART_BYTES = 32 * 1024 * 1024;

export interface UploadProgress {
  readonly path: string;
  readonly sentBytes: number;
  readonly totalBytes: number;
}

export interface UploadOptions {
  readonly onProgress?: (progress: UploadProgress) => void;
  readonly signal?: AbortSignal;
  /** Files larger than this go through the Uploads API (default 64 MB). */
  readonly multipartThreshold?: number;
  /** Size of each part of a multi-part upload (default 32 MB, at most 64 MB). */
  readonly partSize?: number;
  /** Parts sent at once (default 4). */
  readonly concurrency?: number;
  /** Attempts per request before giving up (default: the client's retries + 1; FINE_TUNE_MAX_RETRIES). */
  readonly attempts?: number;
  /** First retry delay; tests make it small (default 500 ms). */
  readonly retryBaseMs?: number;
}

/**
 * Uploads a training or validation file (purpose `fine-tune`) and reports progress by bytes.
 * Large files use the Uploads API in parallel parts with an md5 check.
 */
export async function uploadFile(
  client: OpenAI,
  path: string,
  options: UploadOptions = {},
): Promise<FileObject> {
  const info = await stat(path);
  // A pipe or a device has no size to send (and /dev/zero no end): only a file on disk is uploaded.
  if (!info.isFile()) throw new UserError(`${path}: is not a regular file; give a prepared .jsonl file`);
  const totalBytes = info.size;
  const threshold = options.multipartThreshold ?? MAX_PART_BYTES;
  const retry = {
    attempts: options.attempts ?? client.maxRetries + 1,
    baseMs: options.retryBaseMs ?? 500,
    signal: options.signal,
  };
  if (totalBytes > threshold) {
    return uploadInParts(client, path, totalBytes, {
      partSize: Math.min(options.partSize ?? DEFAULT_PART_BYTES, MAX_PART_BYTES),
      concurrency: Math.max(1, options.concurrency ?? 4),
      retry,
      onProgress: (sentBytes) => options.onProgress?.({ path, sentBytes, totalBytes }),
    });
  }
  return withRetries(async () => {
    let sentBytes = 0;
    options.onProgress?.({ path, sentBytes, totalBytes });
    const data = countingRead(path, 0, totalBytes, (n) => {
      sentBytes += n;
      options.onProgress?.({ path, sentBytes, totalBytes });
    });
    return client.files.create(
      {
        file: toStreamingFile(data, basename(path), { type: 'application/jsonl' }),
        purpose: 'fine-tune',
      },
      { maxRetries: 0, ...(options.signal ? { signal: options.signal } : {}) },
    );
  }, retry);
}
