/**
 * Uploaded and generated files: a record in `files/{id}.json`, the bytes in `files/{id}.data`.
 *
 * Each record also keeps a creation order (milliseconds, made strictly increasing, so two files
 * created in the same millisecond still sort), saved with it so the order survives a restart.
 * A deleted file leaves its order behind in `files/deleted.json`: a list paged with `after` set to
 * a file deleted meanwhile goes on where that file was, as a client deleting while paging expects.
 */
import { mkdirSync, renameSync } from 'node:fs';
import { z } from 'zod';
import { FileRecord } from './records.js';
import { newId, nowSeconds } from './ids.js';
import type { Store } from './store.js';

/** On disk: the wire record and its order (absent in files written before it existed). */
const StoredFile = FileRecord.extend({ order: z.number().optional() });
const DELETED = 'files/deleted.json';
const Tombstones = z.record(z.string(), z.number());

export class FileBook {
  private readonly files = new Map<string, FileRecord>();
  private readonly orders = new Map<string, number>();
  private readonly deleted: Record<string, number>;
  private last = 0;

  constructor(private readonly store: Store) {
    mkdirSync(store.path('files'), { recursive: true });
    for (const name of store.list('files')) {
      if (!name.endsWith('.json') || `files/${name}` === DELETED) continue;
      const stored = store.readJson(`files/${name}`, StoredFile);
      if (!stored) continue;
      const { order, ...record } = stored;
      this.files.set(record.id, record);
      this.orders.set(record.id, order ?? record.created_at * 1000);
    }
    this.deleted = store.readJson(DELETED, Tombstones) ?? {};
    this.last = Math.max(0, ...this.orders.values(), ...Object.values(this.deleted));
  }

  create(filename: string, purpose: string, content: Uint8Array): FileRecord {
    const record = this.newRecord(filename, purpose, content.byteLength);
    // Content first: a record on disk always has its bytes.
    this.store.write(`files/${record.id}.data`, content);
    return this.register(record);
  }

  /** Takes over a finished temporary file (an assembled upload) as the content of a new file. */
  adopt(filename: string, purpose: string, path: string, bytes: number): FileRecord {
    const record = this.newRecord(filename, purpose, bytes);
    renameSync(path, this.contentPath(record.id));
    return this.register(record);
  }

  private newRecord(filename: string, purpose: string, bytes: number): FileRecord {
    return {
      id: newId('file-'),
      object: 'file',
      bytes,
      created_at: nowSeconds(),
      filename,
      purpose,
      status: 'processed',
      status_details: null,
    };
  }

  private register(record: FileRecord): FileRecord {
    this.last = Math.max(this.last + 1, Date.now());
    this.store.writeJson(`files/${record.id}.json`, { ...record, order: this.last });
    this.files.set(record.id, record);
    this.orders.set(record.id, this.last);
    return record;
  }

  get(id: string): FileRecord | undefined {
    return this.files.get(id);
  }

  /** Newest first, as the service lists them. */
  list(): FileRecord[] {
    return [...this.files.values()].sort((a, b) => this.orderOf(b.id) - this.orderOf(a.id));
  }

  /** When a file (live or deleted) was created, in list order; undefined for an id never seen. */
  orderOf(id: string): number {
    return this.orders.get(id) ?? this.deleted[id] ?? Number.NaN;
  }

  /** Milliseconds of creation, for a caller that needs to know how fresh a file is. */
  createdMs(id: string): number | undefined {
    return this.orders.get(id);
  }

  contentPath(id: string): string {
    return this.store.path('files', `${id}.data`);
  }

  content(id: string): Buffer | undefined {
    return this.store.read(`files/${id}.data`);
  }

  delete(id: string): boolean {
    if (!this.files.delete(id)) return false;
    this.deleted[id] = this.orders.get(id) ?? 0;
    this.orders.delete(id);
    this.store.writeJson(DELETED, this.deleted);
    this.store.remove(`files/${id}.json`);
    this.store.remove(`files/${id}.data`);
    return true;
  }
}
