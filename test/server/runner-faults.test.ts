/**
 * Jobs that cannot train, found as the trainer takes them after a restart: a snapshot gone from disk
 * (the worker crashes) and a validation file deleted while the job waited. Each fails with an API
 * error, never a path or a stack; the details of a crash go to the server's log.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JobBook } from '../../src/server/jobs/job-book.js';
import { FileBook } from '../../src/server/state/files.js';
import { Store } from '../../src/server/state/store.js';
import { harness, tempDir, terminal, tinyData, waitFor, type Harness } from './helpers.js';
import { jobIn } from './state-server.js';

describe('a queued job the trainer cannot run', () => {
  const dataDir = tempDir();
  const logged: string[] = [];
  let h: Harness;
  let crashing: string;
  let noValidation: string;
  beforeAll(async () => {
    const store = new Store(dataDir);
    const train = new FileBook(store).create('train.jsonl', 'fine-tune', Buffer.from(tinyData(12)));
    const book = new JobBook(store);
    const broken = jobIn('queued');
    broken.job.training_file = train.id;
    // Its snapshot directory is there but empty: the worker fails reading it.
    broken.resumeFrom = `jobs/${broken.job.id}/ckpt-step-10`;
    mkdirSync(store.path(broken.resumeFrom), { recursive: true });
    book.add(broken);
    const orphan = jobIn('queued');
    orphan.job.training_file = train.id;
    orphan.job.validation_file = 'file-deleted-meanwhile';
    book.add(orphan);
    book.flush();
    [crashing, noValidation] = [broken.job.id, orphan.job.id];
    h = await harness({ dataDir, log: (line) => logged.push(line) });
  });
  afterAll(async () => {
    await h.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('fails a job whose trainer crashed with a server error, the details in the log only', async () => {
    const failed = await waitFor(h.client, crashing, terminal);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'server_error',
      param: null,
      message: 'Training failed because of an error in the local server (its log says more).',
    });
    expect(failed.finished_at).toBeGreaterThan(0);
    expect(logged.some((line) => line.startsWith(`error: job ${crashing}: training failed: `))).toBe(true);
    const events = (await h.client.fineTuning.jobs.listEvents(crashing)).data;
    expect(events[0]).toMatchObject({ level: 'error', message: failed.error?.message });
    expect(JSON.stringify(events)).not.toContain(dataDir);
  });

  it('fails a job whose validation file was deleted, naming the file', async () => {
    const failed = await waitFor(h.client, noValidation, terminal);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'file_not_found',
      param: 'validation_file',
      message:
        'The validation file file-deleted-meanwhile was deleted before the job could read it; upload it again and create a new job.',
    });
  });
});
