import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ApiError } from '../../src/server/http/errors.js';
import { FileBook } from '../../src/server/state/files.js';
import { newId } from '../../src/server/state/ids.js';
import { sweepLeftovers } from '../../src/server/state/leftovers.js';
import { DataDirBusyError, lockDataDir, unlockDataDir } from '../../src/server/state/lock.js';
import { Store } from '../../src/server/state/store.js';
import { publicUpload, UploadBook } from '../../src/server/state/uploads.js';
import { tempDir } from './helpers.js';

// The local server's state on disk, without a server: what survives a restart or a kill (the file
// store, the sweep of half-written files, the data-dir lock) and the Uploads API's rules, each
// refusal with the status and error object a client branches on.

afterEach(() => {
  vi.restoreAllMocks();
});

async function refusal(run: () => unknown): Promise<ApiError> {
  try {
    await run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('Store', () => {
  it('writes into new directories, reads back, and lists without half-written files', () => {
    const root = join(tempDir(), 'deep', 'data');
    const store = new Store(root);
    expect(existsSync(root)).toBe(true);
    store.write('a/b/x.bin', new Uint8Array([1, 2]));
    store.writeJson('a/y.json', { n: 1 });
    writeFileSync(store.path('a', 'y.json.tmp-99-zz'), 'half');
    expect([...(store.read('a/b/x.bin') ?? [])]).toEqual([1, 2]);
    expect(store.readJson('a/y.json', z.object({ n: z.number() }))).toEqual({ n: 1 });
    expect(store.list('a').sort()).toEqual(['b', 'y.json']);
    expect(readdirSync(store.path('a', 'b'))).toEqual(['x.bin']); // no temp file left by a write
  });

  it('answers nothing for what is not there, and refuses a record of the wrong shape', () => {
    const store = new Store(tempDir());
    expect(store.read('none')).toBeUndefined();
    expect(store.readJson('none.json', z.object({}))).toBeUndefined();
    expect(store.list('none')).toEqual([]);
    expect(store.exists('none')).toBe(false);
    store.writeJson('bad.json', { n: 'one' });
    expect(store.exists('bad.json')).toBe(true);
    expect(() => store.readJson('bad.json', z.object({ n: z.number() }))).toThrow();
  });

  it('removes a directory with what it holds, and a missing path quietly', () => {
    const store = new Store(tempDir());
    store.write('dir/sub/f', 'x');
    store.remove('dir');
    expect(store.exists('dir')).toBe(false);
    expect(() => store.remove('dir')).not.toThrow();
  });
});

describe('FileBook', () => {
  it('gives each file an id shaped like the service’s and keeps its bytes', () => {
    const book = new FileBook(new Store(tempDir()));
    const file = book.create('a.jsonl', 'fine-tune', Buffer.from('{}\n'));
    expect(file.id).toMatch(/^file-[A-Za-z0-9]{24}$/);
    expect(file).toMatchObject({ object: 'file', bytes: 3, filename: 'a.jsonl', status: 'processed' });
    expect(book.content(file.id)?.toString()).toBe('{}\n');
    expect(book.createdMs(file.id)).toBeGreaterThan(0);
    expect(book.createdMs('file-none')).toBeUndefined();
  });

  it('reads its files back after a restart, newest first, and new files still sort after them', () => {
    const store = new Store(tempDir());
    const first = new FileBook(store);
    const a = first.create('a', 'fine-tune', Buffer.from('a'));
    const b = first.create('b', 'fine-tune', Buffer.from('b'));
    const again = new FileBook(store);
    expect(again.list().map((f) => f.id)).toEqual([b.id, a.id]);
    // The clock going back (a restart within the same millisecond, a clock set back) keeps the order.
    vi.spyOn(Date, 'now').mockReturnValue(1);
    const c = again.create('c', 'fine-tune', Buffer.from('c'));
    expect(again.list().map((f) => f.id)).toEqual([c.id, b.id, a.id]);
    expect(again.orderOf(c.id)).toBeGreaterThan(again.orderOf(b.id));
  });

  it('orders a record written before orders existed by its creation second, and skips what is not a record', () => {
    const store = new Store(tempDir());
    const book = new FileBook(store);
    const recent = book.create('recent', 'fine-tune', Buffer.from('r'));
    store.writeJson('files/file-old.json', { ...recent, id: 'file-old', created_at: 1_000 });
    writeFileSync(store.path('files', 'file-old.data'), 'o');
    writeFileSync(store.path('files', 'notes.txt'), 'not a record');
    const again = new FileBook(store);
    expect(again.orderOf('file-old')).toBe(1_000_000);
    expect(again.list().map((f) => f.id)).toEqual([recent.id, 'file-old']);
  });

  it('deletes a file for good, remembering where it was in the list', () => {
    const store = new Store(tempDir());
    const book = new FileBook(store);
    const a = book.create('a', 'fine-tune', Buffer.from('a'));
    const order = book.orderOf(a.id);
    expect(book.delete(a.id)).toBe(true);
    expect(book.delete(a.id)).toBe(false);
    expect(book.delete('file-never')).toBe(false);
    expect(book.get(a.id)).toBeUndefined();
    expect(book.content(a.id)).toBeUndefined();
    expect(book.orderOf(a.id)).toBe(order);
    expect(Number.isNaN(book.orderOf('file-never'))).toBe(true);
    const again = new FileBook(store);
    expect(again.list()).toEqual([]);
    expect(again.orderOf(a.id)).toBe(order);
    // A deleted file's order still counts: a new file sorts after it.
    vi.spyOn(Date, 'now').mockReturnValue(1);
    expect(again.orderOf(again.create('b', 'fine-tune', Buffer.from('b')).id)).toBeGreaterThan(order);
  });
});

describe('newId', () => {
  it('draws prefixed ids of the asked length from letters and digits, different each time', () => {
    expect(newId('ftjob-')).toMatch(/^ftjob-[A-Za-z0-9]{24}$/);
    expect(newId('x', 5)).toMatch(/^x[A-Za-z0-9]{5}$/);
    expect(newId('x')).not.toBe(newId('x'));
  });

  it('with FINE_TUNE_LOCAL_ID_SEED, draws the same ids on every run (for screenshots)', async () => {
    const run = async (seed: string | undefined): Promise<string[]> => {
      vi.resetModules();
      vi.stubEnv('FINE_TUNE_LOCAL_ID_SEED', seed);
      const ids = await import('../../src/server/state/ids.js');
      return [ids.newId('a-'), ids.newId('a-')];
    };
    try {
      const seeded = await run('s1');
      expect(await run('s1')).toEqual(seeded);
      expect(seeded[0]).not.toBe(seeded[1]);
      // Each id is the counter hashed with the seed, mapped onto the alphabet.
      const digest = createHash('sha256').update('s1:1').digest().subarray(0, 24);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
      expect(seeded[0]).toBe(`a-${[...digest].map((b) => alphabet[b % 62]).join('')}`);
      expect(await run('s2')).not.toEqual(seeded);
      const unseeded = await run('');
      expect(await run('')).not.toEqual(unseeded);
    } finally {
      vi.unstubAllEnvs();
      vi.resetModules();
    }
  });
});

describe('sweepLeftovers', () => {
  function snapshot(dir: string, parts: { meta?: string; weights?: boolean; optimizer?: boolean }): void {
    mkdirSync(dir, { recursive: true });
    if (parts.meta !== undefined) writeFileSync(join(dir, 'meta.json'), parts.meta);
    if (parts.weights !== false) writeFileSync(join(dir, 'weights.bin'), 'w');
    if (parts.optimizer !== false) writeFileSync(join(dir, 'optimizer.bin'), 'o');
  }

  it('drops half-written files at any depth, keeping their targets and everything else', () => {
    const root = tempDir();
    mkdirSync(join(root, 'jobs', 'j1'), { recursive: true });
    writeFileSync(join(root, 'jobs', 'j1', 'job.json'), 'old');
    writeFileSync(join(root, 'jobs', 'j1', 'job.json.tmp-12-ab'), 'new');
    writeFileSync(join(root, 'orphan.json.tmp-3'), 'x'); // a file whose target is gone: dropped all the same
    writeFileSync(join(root, 'keep.json'), 'k');
    const touched = sweepLeftovers(root);
    expect(touched.sort()).toEqual(
      [join(root, 'jobs', 'j1', 'job.json.tmp-12-ab'), join(root, 'orphan.json.tmp-3')].sort(),
    );
    expect(readFileSync(join(root, 'jobs', 'j1', 'job.json'), 'utf8')).toBe('old');
    expect(existsSync(join(root, 'orphan.json'))).toBe(false);
    expect(existsSync(join(root, 'orphan.json.tmp-3'))).toBe(false);
    expect(existsSync(join(root, 'keep.json'))).toBe(true);
  });

  it('moves a complete snapshot into place when its target is missing, and drops any other', () => {
    const root = tempDir();
    const dir = (name: string) => join(root, 'snaps', name);
    snapshot(dir('complete.tmp-1'), { meta: '{"step":3}' });
    snapshot(dir('no-meta.tmp-1'), {});
    snapshot(dir('bad-meta.tmp-1'), { meta: '{"step":' });
    snapshot(dir('no-weights.tmp-1'), { meta: '{}', weights: false });
    snapshot(dir('no-optimizer.tmp-1'), { meta: '{}', optimizer: false });
    snapshot(dir('present.tmp-1'), { meta: '{"step":9}' });
    snapshot(dir('present'), { meta: '{"step":2}' });
    expect(sweepLeftovers(root)).toHaveLength(6);
    expect(readdirSync(join(root, 'snaps')).sort()).toEqual(['complete', 'present']);
    expect(readFileSync(dir('complete/meta.json'), 'utf8')).toBe('{"step":3}');
    expect(readFileSync(dir('present/meta.json'), 'utf8')).toBe('{"step":2}');
  });

  it('touches nothing in a clean directory, or one that does not exist', () => {
    const root = tempDir();
    mkdirSync(join(root, 'files'));
    writeFileSync(join(root, 'files', 'a.json'), '{}');
    expect(sweepLeftovers(root)).toEqual([]);
    expect(sweepLeftovers(join(root, 'none'))).toEqual([]);
  });
});

describe('the data-dir lock', () => {
  const DEAD_PID = 4_000_000; // above the kernel's pid_max: no process has it

  it('lets one server per directory hold it, until it lets go', () => {
    const dir = tempDir();
    lockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
    expect(() => lockDataDir(dir)).toThrow(
      new DataDirBusyError(`another fine-tune local server (pid ${process.pid}) is using ${dir}`),
    );
    unlockDataDir(dir);
    expect(existsSync(join(dir, 'server.lock'))).toBe(false);
    lockDataDir(dir);
    unlockDataDir(dir);
  });

  it('refuses a directory another live process holds, naming it', () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'server.lock'), String(process.ppid));
    let error: unknown;
    try {
      lockDataDir(dir);
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(DataDirBusyError);
    expect((error as Error).name).toBe('DataDirBusyError');
    expect((error as Error).message).toBe(
      `another fine-tune local server (pid ${process.ppid}) is using ${dir}`,
    );
    // Not ours to remove.
    unlockDataDir(dir);
    expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.ppid));
  });

  it('takes over a lock left by a dead process, by this process before, or unreadable', () => {
    // An empty one is what a kill between creating the lock and writing its pid leaves.
    for (const left of [String(DEAD_PID), String(process.pid), 'garbage', '', '-1']) {
      const dir = tempDir();
      writeFileSync(join(dir, 'server.lock'), left);
      lockDataDir(dir);
      expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
      unlockDataDir(dir);
    }
  });
});

describe('UploadBook', () => {
  function books(): { uploads: UploadBook; files: FileBook; store: Store } {
    const store = new Store(tempDir());
    const files = new FileBook(store);
    return { uploads: new UploadBook(store, files), files, store };
  }
  const md5 = (text: string) => createHash('md5').update(text).digest('hex');

  it('assembles the parts in the order given into a file, checking the size and the MD5', () => {
    const { uploads, files, store } = books();
    const upload = uploads.create({ filename: 'big.jsonl', purpose: 'fine-tune', bytes: 6 });
    expect(upload.id).toMatch(/^upload_[A-Za-z0-9]{24}$/);
    expect(upload).toMatchObject({ object: 'upload', status: 'pending', file: null });
    expect(upload.expires_at - upload.created_at).toBe(3600);
    const one = uploads.addPart(upload.id, Buffer.from('abc'));
    const two = uploads.addPart(upload.id, Buffer.from('def'));
    expect(one).toMatchObject({ object: 'upload.part', upload_id: upload.id });
    expect(one.id).toMatch(/^part_[A-Za-z0-9]{24}$/);
    const done = uploads.complete(upload.id, [two.id, one.id], md5('defabc').toUpperCase());
    expect(done.status).toBe('completed');
    expect(done.file).toMatchObject({ filename: 'big.jsonl', purpose: 'fine-tune', bytes: 6 });
    expect(files.content(done.file?.id ?? '')?.toString()).toBe('defabc');
    expect(uploads.get(upload.id).status).toBe('completed');
    expect(store.exists(`uploads/${upload.id}`)).toBe(false); // the parts are gone
    expect(publicUpload(done)).not.toHaveProperty('parts');
    expect(publicUpload(done)).toMatchObject({ id: upload.id, status: 'completed' });
  });

  it('refuses a part of another upload, a wrong total and a wrong MD5, each naming its field', async () => {
    const { uploads, store } = books();
    const upload = uploads.create({ filename: 'f', purpose: 'fine-tune', bytes: 3 });
    const part = uploads.addPart(upload.id, Buffer.from('abc'));
    const stranger = await refusal(() => uploads.complete(upload.id, [part.id, 'part_x'], undefined));
    expect(stranger.body().error).toEqual({
      message: `Part part_x does not belong to upload ${upload.id}.`,
      type: 'invalid_request_error',
      param: 'part_ids',
      code: 'invalid_value',
    });
    const short = await refusal(() => uploads.complete(upload.id, [], undefined));
    expect(short.body().error).toEqual({
      message: 'The number of bytes uploaded (0) does not match the expected number of bytes (3).',
      type: 'invalid_request_error',
      param: 'part_ids',
      code: 'invalid_value',
    });
    const twice = await refusal(() => uploads.complete(upload.id, [part.id, part.id], undefined));
    expect(twice.message).toMatch(/\(6\) does not match the expected number of bytes \(3\)/);
    const digest = await refusal(() => uploads.complete(upload.id, [part.id], md5('abd')));
    expect(digest.status).toBe(400);
    expect(digest.body().error).toEqual({
      message: 'The md5 checksum of the uploaded parts does not match the md5 given.',
      type: 'invalid_request_error',
      param: 'md5',
      code: 'invalid_value',
    });
    expect(store.list('uploads').filter((n) => n.includes('assembled'))).toEqual([]);
    expect(readdirSync(store.path('uploads')).filter((n) => n.includes('assembled'))).toEqual([]);
    // Still pending after each refusal: the client can fix its request.
    expect(uploads.complete(upload.id, [part.id], md5('abc')).status).toBe('completed');
  });

  it('refuses changes to an upload that is completed, cancelled or expired', async () => {
    const { uploads, store } = books();
    const cancelled = uploads.create({ filename: 'f', purpose: 'fine-tune', bytes: 1 });
    uploads.addPart(cancelled.id, Buffer.from('a'));
    expect(uploads.cancel(cancelled.id).status).toBe('cancelled');
    expect(store.exists(`uploads/${cancelled.id}`)).toBe(false);
    const late = await refusal(() => uploads.addPart(cancelled.id, Buffer.from('b')));
    expect(late.body().error).toEqual({
      message: `Upload ${cancelled.id} is cancelled; it no longer accepts changes.`,
      type: 'invalid_request_error',
      param: 'upload_id',
      code: 'upload_not_pending',
    });
    expect((await refusal(() => uploads.cancel(cancelled.id))).code).toBe('upload_not_pending');

    const now = Date.now();
    const expiring = uploads.create({ filename: 'f', purpose: 'fine-tune', bytes: 1 });
    const clock = vi.spyOn(Date, 'now').mockReturnValue(now + 3600_000);
    expect(uploads.get(expiring.id).status).toBe('pending'); // at its expiry second: still open
    clock.mockReturnValue(now + 3601_000);
    expect(uploads.get(expiring.id).status).toBe('expired');
    expect((await refusal(() => uploads.addPart(expiring.id, Buffer.from('a')))).message).toBe(
      `Upload ${expiring.id} is expired; it no longer accepts changes.`,
    );
  });

  it('keeps a finished upload as it ended, however late it is asked about', () => {
    const { uploads } = books();
    const upload = uploads.create({ filename: 'f', purpose: 'fine-tune', bytes: 1 });
    uploads.complete(upload.id, [uploads.addPart(upload.id, Buffer.from('a')).id], undefined);
    vi.spyOn(Date, 'now').mockReturnValue(Date.now() + 7200_000);
    expect(uploads.get(upload.id).status).toBe('completed');
  });

  it('answers an unknown upload with a 404 naming it', async () => {
    const { uploads } = books();
    const error = await refusal(() => uploads.get('upload_none'));
    expect(error.status).toBe(404);
    expect(error.body().error).toEqual({
      message: 'No such Upload object: upload_none',
      type: 'invalid_request_error',
      param: 'upload_id',
      code: null,
    });
  });
});
