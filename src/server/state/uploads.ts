/**
 * The Uploads API: an upload collects parts on disk (`uploads/{id}/part_…`), and completing it
 * concatenates them in the order given, checks the size and the optional MD5, and makes a file.
 */
import { createHash } from 'node:crypto';
import { appendFileSync, readFileSync } from 'node:fs';
import { ApiError, invalid, notFound } from '../http/errors.js';
import type { FileBook } from './files.js';
import { newId, nowSeconds } from './ids.js';
import { UploadRecord, type FileRecord } from './records.js';
import type { Store } from './store.js';

export const UPLOAD_LIMIT = 8 * 1024 * 1024 * 1024;
const LIFETIME_SECONDS = 3600;

export class UploadBook {
  constructor(
    private readonly store: Store,
    private readonly files: FileBook,
  ) {}

  create(input: { filename: string; purpose: string; bytes: number }): UploadRecord {
    const now = nowSeconds();
    const upload: UploadRecord = {
      id: newId('upload_'),
      object: 'upload',
      bytes: input.bytes,
      created_at: now,
      expires_at: now + LIFETIME_SECONDS,
      filename: input.filename,
      purpose: input.purpose,
      status: 'pending',
      file: null,
      parts: [],
    };
    this.save(upload);
    return upload;
  }

  get(id: string): UploadRecord {
    const upload = this.store.readJson(`uploads/${id}.json`, UploadRecord);
    if (!upload) throw notFound(`No such Upload object: ${id}`, 'upload_id');
    if (upload.status === 'pending' && nowSeconds() > upload.expires_at) upload.status = 'expired';
    return upload;
  }

  addPart(
    id: string,
    data: Uint8Array,
  ): { id: string; object: 'upload.part'; created_at: number; upload_id: string } {
    const upload = this.pending(id);
    const part = { id: newId('part_'), bytes: data.byteLength };
    this.store.write(`uploads/${id}/${part.id}`, data);
    upload.parts.push(part);
    this.save(upload);
    return { id: part.id, object: 'upload.part', created_at: nowSeconds(), upload_id: id };
  }

  complete(id: string, partIds: readonly string[], md5: string | undefined): UploadRecord {
    const upload = this.pending(id);
    const sizes = new Map(upload.parts.map((p) => [p.id, p.bytes]));
    const unknown = partIds.find((partId) => !sizes.has(partId));
    if (unknown)
      throw invalid(`Part ${unknown} does not belong to upload ${id}.`, 'part_ids', 'invalid_value');
    const total = partIds.reduce((sum, partId) => sum + (sizes.get(partId) ?? 0), 0);
    if (total !== upload.bytes) {
      throw invalid(
        `The number of bytes uploaded (${total}) does not match the expected number of bytes (${upload.bytes}).`,
        'part_ids',
        'invalid_value',
      );
    }
    const target = this.store.path('uploads', `${id}.assembled.tmp-${process.pid}`);
    const hash = createHash('md5');
    for (const partId of partIds) {
      const data = readFileSync(this.store.path('uploads', id, partId));
      hash.update(data);
      appendFileSync(target, data);
    }
    if (md5 && hash.digest('hex') !== md5.toLowerCase()) {
      this.store.remove(`uploads/${id}.assembled.tmp-${process.pid}`);
      throw invalid(
        'The md5 checksum of the uploaded parts does not match the md5 given.',
        'md5',
        'invalid_value',
      );
    }
    const file: FileRecord = this.files.adopt(upload.filename, upload.purpose, target, total);
    upload.status = 'completed';
    upload.file = file;
    this.save(upload);
    this.store.remove(`uploads/${id}`);
    return upload;
  }

  cancel(id: string): UploadRecord {
    const upload = this.pending(id);
    upload.status = 'cancelled';
    this.save(upload);
    this.store.remove(`uploads/${id}`);
    return upload;
  }

  private pending(id: string): UploadRecord {
    const upload = this.get(id);
    if (upload.status !== 'pending') {
      throw new ApiError(
        400,
        `Upload ${id} is ${upload.status}; it no longer accepts changes.`,
        'invalid_request_error',
        'upload_id',
        'upload_not_pending',
      );
    }
    return upload;
  }

  private save(upload: UploadRecord): void {
    this.store.writeJson(`uploads/${upload.id}.json`, upload);
  }
}

/** The wire shape: the upload without its private list of parts. */
export function publicUpload(upload: UploadRecord): Omit<UploadRecord, 'parts'> {
  const { parts: _parts, ...rest } = upload;
  return rest;
}
