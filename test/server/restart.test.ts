import { readdirSync, rmSync } from 'node:fs';
import type OpenAI from 'openai';
import type { FineTuningJobEvent } from 'openai/resources/fine-tuning/jobs/jobs';
import { describe, expect, it } from 'vitest';
import { harness, tempDir, terminal, tinyData, uploadText, waitFor } from './helpers.js';
import { spawnServe } from './serve-process.js';

async function pageAll(client: OpenAI, id: string): Promise<FineTuningJobEvent[]> {
  const events: FineTuningJobEvent[] = [];
  // A small page size makes the SDK follow many `after` cursors.
  for await (const event of client.fineTuning.jobs.listEvents(id, { limit: 7 })) events.push(event);
  return events;
}

const leftovers = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, encoding: 'utf8' }).filter((p) => p.includes('.tmp-'));

const stepOf = (event: FineTuningJobEvent): number | undefined =>
  event.type === 'metrics' ? Number((event.data as { step?: number }).step) : undefined;

describe('restart after a kill', () => {
  it('resumes a job killed mid-run with each step logged once, and keeps dropped cursors usable', async () => {
    const dataDir = tempDir();
    try {
      const first = await spawnServe(dataDir, { FINE_TUNE_LOCAL_STEP_MS: '15' });
      let id = '';
      let cursor: FineTuningJobEvent | undefined;
      try {
        const training_file = await uploadText(first.client, tinyData(40));
        const created = await first.client.fineTuning.jobs.create({
          model: 'local-small',
          training_file,
          method: { type: 'supervised', supervised: { hyperparameters: { n_epochs: 4 } } },
        });
        id = created.id;
        // Wait for a checkpoint (end of epoch 1, step 40) and steps past it that reach the disk
        // (event writes are batched every 100 ms).
        for (;;) {
          const newest = (await first.client.fineTuning.jobs.listEvents(id, { limit: 1 })).data[0];
          if (newest && (stepOf(newest) ?? 0) > 45) {
            cursor = newest;
            await new Promise((resolve) => setTimeout(resolve, 250));
            break;
          }
          await new Promise((resolve) => setTimeout(resolve, 10));
        }
      } finally {
        first.child.kill('SIGKILL');
        await first.exited;
      }

      const second = await harness({ dataDir, stepDelayMs: 0 });
      try {
        // Whatever the kill interrupted was swept on start: no temporary files remain.
        expect(leftovers(dataDir)).toEqual([]);
        const done = await waitFor(second.client, id, terminal);
        expect(done.status).toBe('succeeded');
        const events = await pageAll(second.client, id);
        expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
        const steps = events.flatMap((e) => stepOf(e) ?? []).sort((a, b) => a - b);
        expect(steps).toEqual(Array.from({ length: 160 }, (_, i) => i + 1));
        const resumed = events.find((e) => e.message.startsWith('The server restarted; resuming from'));
        const from = Number(/step (\d+)/.exec(resumed?.message ?? '')?.[1]);
        expect(from).toBeGreaterThanOrEqual(40);
        expect(resumed).toMatchObject({ type: 'message', data: { resumed_from_step: from } });

        // The cursor named an event that may have been dropped: the next page still holds the
        // events logged before it, newest first, not the start of the log again.
        const cursorStep = stepOf(cursor ?? events[0]!) ?? 0;
        const after = await second.client.fineTuning.jobs.listEvents(id, {
          after: cursor?.id ?? '',
          limit: 5,
        });
        const older = after.data.flatMap((e) => stepOf(e) ?? []);
        expect(older[0]).toBe(Math.min(from, cursorStep - 1));
        expect(older).toEqual([...older].sort((a, b) => b - a));
      } finally {
        await second.close();
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
