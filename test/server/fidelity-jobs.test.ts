import type OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { harness, terminal, tinyData, uploadText, waitFor, type Harness } from './helpers.js';

async function messages(client: OpenAI, id: string): Promise<string[]> {
  const all: string[] = [];
  for await (const event of client.fineTuning.jobs.listEvents(id, { limit: 100 })) all.push(event.message);
  return all.reverse();
}

describe('job states as the API documents them', () => {
  let h: Harness;
  let training_file: string;
  beforeAll(async () => {
    // Slow enough that the first job is still training while the others are looked at.
    h = await harness({ stepDelayMs: 20 });
    training_file = await uploadText(h.client, tinyData(40));
  });
  afterAll(async () => h.close());

  const status = async (id: string) => (await h.client.fineTuning.jobs.retrieve(id)).status as string;
  const hyperparameters = { n_epochs: 10 };

  it('checks files at creation: a job behind another waits queued, a bad one fails without waiting', async () => {
    const jobs = h.client.fineTuning.jobs;
    const first = await jobs.create({ model: 'local-small', training_file, hyperparameters });
    await waitFor(h.client, first.id, (job) => job.status === 'running');

    const second = await jobs.create({ model: 'local-small', training_file, hyperparameters });
    expect(second.status).toBe('validating_files');
    await waitFor(h.client, second.id, (job) => job.status === 'queued');
    expect(await status(first.id)).toBe('running');
    expect(await messages(h.client, second.id)).toEqual([
      `Created fine-tuning job: ${second.id}`,
      `Validating training file: ${training_file}`,
      'Files validated, moving job to queued state',
      'Waiting for the job in training: the local provider trains one job at a time.',
    ]);

    const broken = await uploadText(h.client, '{"prompt": "a", "completion": " b"}\nnot json\n');
    const third = await jobs.create({ model: 'local-small', training_file: broken });
    const failed = await waitFor(h.client, third.id, terminal);
    expect(failed.error).toMatchObject({ code: 'invalid_file_format', param: 'training_file' });
    expect(await status(first.id)).toBe('running');
    expect(await status(second.id)).toBe('queued');

    // A paused job lets the queued one train; resumed, it queues behind it.
    await jobs.pause(first.id);
    await waitFor(h.client, first.id, (job) => (job.status as string) === 'paused');
    await waitFor(h.client, second.id, (job) => job.status === 'running');
    expect((await jobs.resume(first.id)).status).toBe('queued');
    await jobs.cancel(second.id);
    await waitFor(h.client, first.id, (job) => job.status === 'running');

    // With nothing waiting, a paused job keeps its trainer: resume sets it going at once.
    await jobs.pause(first.id);
    await waitFor(h.client, first.id, (job) => (job.status as string) === 'paused');
    expect((await jobs.resume(first.id)).status).toBe('running');
    let newest = (await jobs.listEvents(first.id, { limit: 1 })).data[0];
    while (newest?.type !== 'metrics') newest = (await jobs.listEvents(first.id, { limit: 1 })).data[0];
    await jobs.cancel(first.id);
  });
});
