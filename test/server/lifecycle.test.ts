import OpenAI from 'openai';
import { rmSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DataDirBusyError, startLocalServer } from '../../src/server/index.js';
import { harness, tempDir, terminal, tinyData, uploadText, waitFor } from './helpers.js';

async function allEvents(client: OpenAI, id: string): Promise<string[]> {
  const messages: string[] = [];
  for await (const event of client.fineTuning.jobs.listEvents(id, { limit: 100 }))
    messages.push(event.message);
  return messages;
}

describe('job lifecycle', () => {
  it('pauses a running job and resumes it to success without losing steps', async () => {
    const h = await harness({ stepDelayMs: 10 });
    try {
      const training_file = await uploadText(h.client, tinyData(40));
      const created = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file });
      const running = await waitFor(h.client, created.id, (job) => (job.estimated_finish ?? 0) > 0);
      expect(running.status).toBe('running');
      expect(running.estimated_finish).toBeGreaterThanOrEqual(running.created_at);
      const pausing = await h.client.fineTuning.jobs.pause(created.id);
      expect(['pausing', 'paused']).toContain(pausing.status);
      const paused = await waitFor(h.client, created.id, (job) => (job.status as string) === 'paused');
      expect(paused.estimated_finish).toBeNull();
      await expect(h.client.fineTuning.jobs.pause(created.id)).rejects.toBeInstanceOf(OpenAI.BadRequestError);
      await h.client.fineTuning.jobs.resume(created.id);
      const done = await waitFor(h.client, created.id, terminal);
      expect(done.status).toBe('succeeded');
      const csv = await (await h.client.files.content(done.result_files[0] ?? '')).text();
      const steps = csv
        .trim()
        .split('\n')
        .slice(1)
        .map((line) => Number(line.split(',')[0]));
      expect(steps).toEqual(Array.from({ length: 120 }, (_, i) => i + 1));
      const events = await allEvents(h.client, created.id);
      expect(events.some((m) => /paused at step \d+/.test(m))).toBe(true);
      expect(events).toContain('Fine-tuning job resumed');
    } finally {
      await h.close();
    }
  });

  it('cancels a running job, which then stays cancelled', async () => {
    const h = await harness({ stepDelayMs: 5 });
    try {
      const training_file = await uploadText(h.client, tinyData(40));
      const created = await h.client.fineTuning.jobs.create({ model: 'local-small', training_file });
      await waitFor(h.client, created.id, (job) => job.status === 'running');
      expect((await h.client.fineTuning.jobs.cancel(created.id)).status).toBe('cancelled');
      await new Promise((resolve) => setTimeout(resolve, 100));
      const job = await h.client.fineTuning.jobs.retrieve(created.id);
      expect(job.status).toBe('cancelled');
      expect(job.fine_tuned_model).toBeNull();
      await expect(h.client.fineTuning.jobs.cancel(created.id)).rejects.toBeInstanceOf(
        OpenAI.BadRequestError,
      );
    } finally {
      await h.close();
    }
  });

  it('resumes a job from its last checkpoint after the server restarts on the same data dir', async () => {
    const dataDir = tempDir();
    try {
      const first = await harness({ dataDir, stepDelayMs: 10 });
      const training_file = await uploadText(first.client, tinyData(40));
      const created = await first.client.fineTuning.jobs.create({
        model: 'local-small',
        training_file,
        method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 6 } } },
      });
      await waitFor(first.client, created.id, (job) => job.status === 'running');
      let checkpoint = 0;
      while (checkpoint === 0) {
        const list = await first.client.fineTuning.jobs.checkpoints.list(created.id);
        checkpoint = list.data[0]?.step_number ?? 0;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
      await first.close();

      const second = await harness({ dataDir, stepDelayMs: 0 });
      try {
        expect((await second.client.files.retrieve(training_file)).id).toBe(training_file);
        const stored = await second.client.fineTuning.jobs.retrieve(created.id);
        expect(['running', 'succeeded']).toContain(stored.status);
        const done = await waitFor(second.client, created.id, terminal);
        expect(done.status).toBe('succeeded');
        const events = await allEvents(second.client, created.id);
        const resumed = events.find((m) =>
          m.startsWith('The server restarted; resuming from the checkpoint'),
        );
        expect(resumed).toMatch(/at step \d+\.$/);
        expect(Number(/step (\d+)/.exec(resumed ?? '')?.[1])).toBeGreaterThanOrEqual(checkpoint);
        const csv = await (await second.client.files.content(done.result_files[0] ?? '')).text();
        const steps = csv
          .trim()
          .split('\n')
          .slice(1)
          .map((line) => Number(line.split(',')[0]));
        expect(steps).toEqual(Array.from({ length: 240 }, (_, i) => i + 1));
        const answer = await second.client.completions.create({
          model: done.fine_tuned_model ?? '',
          prompt: 'goal team match 99\n\n###\n\n',
          temperature: 0,
          max_tokens: 3,
        });
        expect(answer.choices[0]?.text).toBe(' sports');
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('refuses a second server on a data dir in use, and allows it once the first has closed', async () => {
    const dataDir = tempDir();
    try {
      const first = await harness({ dataDir });
      await expect(startLocalServer({ dataDir })).rejects.toBeInstanceOf(DataDirBusyError);
      await first.close();
      const second = await startLocalServer({ dataDir });
      await second.close();
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('continues training from a fine-tuned model given as the base', async () => {
    const h = await harness();
    try {
      const sports = await uploadText(h.client, tinyData(20));
      const first = await waitFor(
        h.client,
        (
          await h.client.fineTuning.jobs.create({
            model: 'local-small',
            training_file: sports,
            suffix: 'one',
          })
        ).id,
        terminal,
      );
      const more = Array.from({ length: 12 }, (_, i) =>
        JSON.stringify({ prompt: `minister law vote ${i}\n\n###\n\n`, completion: ' politics' }),
      ).join('\n');
      const second = await waitFor(
        h.client,
        (
          await h.client.fineTuning.jobs.create({
            model: first.fine_tuned_model ?? '',
            training_file: await uploadText(h.client, more),
            suffix: 'two',
          })
        ).id,
        terminal,
      );
      expect(second.status).toBe('succeeded');
      expect(second.fine_tuned_model).toMatch(/^ft:local-small:local:two:/);
      const ask = async (prompt: string) =>
        (
          await h.client.completions.create({
            model: second.fine_tuned_model ?? '',
            prompt,
            temperature: 0,
            max_tokens: 3,
          })
        ).choices[0]?.text;
      expect(await ask('minister vote law\n\n###\n\n')).toBe(' politics');
    } finally {
      await h.close();
    }
  });
});
