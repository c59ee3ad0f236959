import { rmSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { JobBook } from '../../src/server/jobs/job-book.js';
import { recoverJobs } from '../../src/server/jobs/recover.js';
import type { JobState, JobStatus, Metrics } from '../../src/server/state/records.js';
import { Store } from '../../src/server/state/store.js';
import { tempDir } from './helpers.js';
import { jobIn } from './state-server.js';

const row = (step: number): Metrics => ({ step, train_loss: 1, train_mean_token_accuracy: 0.5 });

describe('recovering jobs after a restart', () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  });

  /** A book holding one job in `status` with checkpoints at 20 and 10, metrics rows and events for steps 1–30. */
  function bookWith(
    status: JobStatus,
    checkpoints: number,
  ): { book: JobBook; store: Store; state: JobState } {
    const dir = tempDir();
    dirs.push(dir);
    const store = new Store(dir);
    const book = new JobBook(store);
    const state = jobIn(status, checkpoints);
    state.rows = Array.from({ length: 30 }, (_, i) => row(i + 1));
    state.job.estimated_finish = 1_700_000_999;
    book.add(state);
    for (let step = 1; step <= 30; step++) book.event(state.job.id, `Step ${step}`, { data: { step } });
    return { book, store, state };
  }

  const messages = (book: JobBook, id: string) => book.listEvents(id).map((e) => e.message);

  it('goes on with a running job from its last checkpoint, dropping the steps after it', () => {
    const { book, store, state } = bookWith('running', 2);
    const id = state.job.id;
    recoverJobs(book);
    const after = book.get(id);
    expect(after?.job.status).toBe('running');
    expect(after?.resumeFrom).toBe(`jobs/${id}/ckpt-step-20`);
    expect(after?.rows.map((r) => r.step)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(after?.job.estimated_finish).toBeNull();
    const [newest, ...older] = book.listEvents(id);
    expect(newest).toMatchObject({
      message: 'The server restarted; resuming from the checkpoint at step 20.',
      type: 'message',
      data: { resumed_from_step: 20 },
    });
    expect(older.map((e) => e.message)).toEqual(Array.from({ length: 20 }, (_, i) => `Step ${20 - i}`));
    // Written at once: a second restart reads what the first one decided.
    expect(new JobBook(store).get(id)?.resumeFrom).toBe(`jobs/${id}/ckpt-step-20`);
  });

  it('starts a running job without a checkpoint from the beginning', () => {
    const { book, state } = bookWith('running', 0);
    recoverJobs(book);
    expect(book.get(state.job.id)?.resumeFrom).toBeNull();
    expect(book.get(state.job.id)?.rows).toEqual([]);
    expect(messages(book, state.job.id)).toEqual([
      'The server restarted; resuming from the beginning (no checkpoint yet).',
    ]);
  });

  it('pauses a job caught pausing, at its last checkpoint', () => {
    const { book, state } = bookWith('pausing', 1);
    recoverJobs(book);
    const after = book.get(state.job.id);
    expect(after?.job.status).toBe('paused');
    expect(after?.resumeFrom).toBe(`jobs/${state.job.id}/ckpt-step-10`);
    expect(messages(book, state.job.id)[0]).toBe(
      'The server stopped while the job was pausing; it is paused and will resume from the checkpoint at step 10.',
    );
  });

  it.each(['validating_files', 'queued', 'paused', 'succeeded', 'failed', 'cancelled'] as const)(
    'leaves a %s job as it was',
    (status) => {
      const { book, state } = bookWith(status, 2);
      const before = structuredClone(book.get(state.job.id));
      recoverJobs(book);
      expect(book.get(state.job.id)).toEqual(before);
      expect(book.listEvents(state.job.id)).toHaveLength(30);
    },
  );
});
