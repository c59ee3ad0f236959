import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BadRequestError } from 'openai';
import { harness, terminal, tinyData, uploadText, waitFor, type Harness } from './helpers.js';

describe('a job whose file was deleted while it waited', () => {
  let h: Harness;
  const logged: string[] = [];
  beforeAll(async () => {
    // Slow steps: the first job holds the trainer while the second waits its turn.
    h = await harness({ stepDelayMs: 200, log: (line) => logged.push(line) });
  });
  afterAll(() => h.close());

  it('fails with an API error that names the file and has a code, never a path on the server', async () => {
    const first = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: await uploadText(h.client, tinyData(12)),
    });
    const fileId = await uploadText(h.client, tinyData(12));
    const validId = await uploadText(h.client, tinyData(4), 'valid.jsonl');
    const second = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: fileId,
      validation_file: validId,
    });
    expect(second.status).not.toBe('running');
    await h.client.files.delete(fileId);
    await h.client.fineTuning.jobs.cancel(first.id);

    const failed = await waitFor(h.client, second.id, terminal);
    expect(failed.status).toBe('failed');
    expect(failed.error).toEqual({
      code: 'file_not_found',
      param: 'training_file',
      message: `The training file ${fileId} was deleted before the job could read it; upload it again and create a new job.`,
    });
    const events = await h.client.fineTuning.jobs.listEvents(second.id);
    expect(JSON.stringify(events.data)).not.toContain(h.dataDir);
    expect(logged).toEqual([]);
  });

  it('says a second cancel "was already cancelled"', async () => {
    const job = await h.client.fineTuning.jobs.create({
      model: 'local-small',
      training_file: await uploadText(h.client, tinyData(12)),
    });
    await h.client.fineTuning.jobs.cancel(job.id);
    const again = await h.client.fineTuning.jobs.cancel(job.id).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(BadRequestError);
    expect((again as BadRequestError).message).toContain(
      `Job ${job.id} was already cancelled and cannot be cancelled.`,
    );
    expect((again as BadRequestError).code).toBe('job_not_cancellable');
  });
});
