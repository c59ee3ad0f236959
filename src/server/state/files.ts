/** Uploaded and generated files: a record in `files/{id}.json`, the bytes in `files/{id}.data`. */
import { mkdirSync, renameSync } from 'node:fs';
import { FileRecord } from './records.js';
import { newId, nowSeconds } from './ids.js';
import type { Store } from './store.js';

export class FileBook {
  private readonly files = new Map<string, FileRecord>();

  constructor(private readonly store: Store) {
    mkdirSync(store.path('files'), { recursive: true });
    for (const name of store.list('files')) {
      if (!name.endsWith('.json')) continue;
      const record = store.readJson(`files/${name}`, FileRecord);
      if (record) this.files.set(record.id, record);
    }
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
    this.store.writeJson(`files/${record.id}.json`, record);
    this.files.set(record.id, record);
    return record;
  }

  get(id: string): FileRecord | undefined {
    return this.files.get(id);
  }

  /** Newest first, as the service lists them. */
  list(): FileRecord[] {
    return [...this.files.values()].sort((a, b) => b.created_at - a.created_at);
  }

  contentPath(id: string): string {
    return this.store.path('files', `${id}.data`);
  }

  content(id: string): Buffer | undefined {
    return this.store.read(`files/${id}.data`);
  }

  delete(id: string): boolean {
    if (!this.files.delete(id)) return false;
    this.store.remove(`files/${id}.json`);
    this.store.remove(`files/${id}.data`);
    return true;
  }
}
