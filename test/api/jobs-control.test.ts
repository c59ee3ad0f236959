import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  cancelJob,
  createJob,
  getJob,
  listCheckpoints,
  listJobs,
  pauseJob,
  readResults,
  resumeJob,
  type FineTuningJob,
  type JobStatus,
} from '../../src/api/jobs.js';
import { deleteModel, listModels } from '../../src/api/models.js';
import { uploadFile } from '../../src/api/uploads.js';
import { startTestServer, type TestServer } from './local-server.js';

let t: TestServer;
beforeAll(async () => {
  t = await startTestServer({ stepDelayMs: 5 });
});
afterAll(() => t.close());

async function waitFor(id: string, ok: (job: FineTuningJob) => boolean): Promise<FineTuningJob> {
  for (;;) {
    const job = await getJob(t.client(), id);
    if (ok(job)) return job;
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('job control and models', () => {
  it('pauses, resumes and cancels a running job', async () => {
    const client = t.client();
    const file = await uploadFile(client, await t.trainingFile(60));
    const job = await createJob(client, {
      model: 'local-small',
      trainingFile: file.id,
      hyperparameters: { nEpochs: 20 },
    });
    await waitFor(job.id, (j) => j.status === 'running');
    expect(['pausing', 'paused']).toContain((await pauseJob(client, job.id)).status);
    await waitFor(job.id, (j) => (j.status as JobStatus) === 'paused');
    expect(['queued', 'running']).toContain((await resumeJob(client, job.id)).status);
    await cancelJob(client, job.id);
    const final = await waitFor(job.id, (j) => ['cancelled', 'succeeded', 'failed'].includes(j.status));
    expect(final.status).toBe('cancelled');
    expect((await listJobs(client, { limit: 5 })).jobs.map((j) => j.id)).toContain(job.id);
  });

  it('reads checkpoints and results of a finished job, then deletes its model', async () => {
    const client = t.client();
    const file = await uploadFile(client, await t.trainingFile(20, 'small.jsonl'));
    const job = await createJob(client, {
      model: 'local-small',
      trainingFile: file.id,
      suffix: 'ctl',
      hyperparameters: { nEpochs: 2 },
    });
    const done = await waitFor(job.id, (j) => ['cancelled', 'succeeded', 'failed'].includes(j.status));
    expect(done.status).toBe('succeeded');
    const checkpoints = await listCheckpoints(client, job.id);
    expect(checkpoints.map((c) => c.step_number)).toEqual(
      [...checkpoints.map((c) => c.step_number)].sort((a, b) => a - b),
    );
    const rows = await readResults(client, done);
    expect(rows.length).toBeGreaterThan(0);
    expect(typeof rows[0]?.train_loss).toBe('number');

    const model = done.fine_tuned_model ?? '';
    const listed = await listModels(client);
    expect(listed.find((m) => m.id === model)).toMatchObject({ kind: 'fine-tuned', fineTunable: true });
    expect(listed[0]?.kind).toBe('base');
    expect(await deleteModel(client, model)).toBe(true);
    expect((await listModels(client)).map((m) => m.id)).not.toContain(model);
  });
});
