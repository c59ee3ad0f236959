import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toAppError } from '../../src/api/errors.js';
import { followJob, type FollowState } from '../../src/api/follow.js';
import { createJob, type FineTuningJobEvent } from '../../src/api/jobs.js';
import { metricsOf } from '../../src/api/metrics.js';
import { withRetries } from '../../src/api/retry.js';
import { uploadFile } from '../../src/api/uploads.js';
import { startTestServer, type TestServer } from './local-server.js';

let t: TestServer;
let jobId: string;

beforeAll(async () => {
  t = await startTestServer({ injectFaults: 0.2, stepDelayMs: 2 });
  const client = t.client(10);
  const file = await uploadFile(client, await t.trainingFile(40), { retryBaseMs: 10, attempts: 10 });
  const job = await createJob(client, {
    model: 'local-small',
    trainingFile: file.id,
    hyperparameters: { nEpochs: 3 },
  });
  jobId = job.id;
});
afterAll(() => t.close());

/** Every event of the job, oldest first, paged by hand with quick retries (the reference list). */
async function allEvents(): Promise<FineTuningJobEvent[]> {
  const events: FineTuningJobEvent[] = [];
  const client = t.client(0);
  let after: string | undefined;
  for (;;) {
    const page = await withRetries(
      () => client.fineTuning.jobs.listEvents(jobId, { limit: 50, ...(after ? { after } : {}) }),
      { attempts: 20, baseMs: 5 },
    );
    events.push(...page.data);
    after = page.data.at(-1)?.id;
    if (!page.has_more || !after) return events.reverse();
  }
}

// Small pages mean many requests, so the injected faults are certain to be met.
const fast = { pollMs: 10, pageSize: 2, backoffBaseMs: 5, maxBackoffMs: 50 };

describe('following a job', () => {
  it('delivers every event exactly once, in time order, through injected faults', async () => {
    const delivered: FineTuningJobEvent[] = [];
    const states: FollowState['state'][] = [];
    const result = await followJob(t.client(0), jobId, {
      ...fast,
      onEvent: (e) => delivered.push(e),
      onState: (s) => states.push(s.state),
    });
    expect(result.job.error).toBeNull();
    expect(result.job.status).toBe('succeeded');
    const ids = delivered.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual((await allEvents()).map((e) => e.id));
    const times = delivered.map((e) => e.created_at);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const metrics = delivered.map(metricsOf).filter((m) => m !== null);
    expect(metrics.length).toBeGreaterThan(0);
    expect(metrics.every((m) => typeof m.trainLoss === 'number' && m.step <= (m.totalSteps ?? m.step))).toBe(
      true,
    );
    expect(metrics.map((m) => m.step)).toEqual([...metrics.map((m) => m.step)].sort((a, b) => a - b));
    expect(states).toContain('reconnecting');
    expect(states.at(-1)).toBe('done');
    expect(result.checkpoints.length).toBeGreaterThan(0);
  });

  it('shows the full history again to a follower that re-attaches', async () => {
    const delivered: string[] = [];
    const result = await followJob(t.client(0), jobId, { ...fast, onEvent: (e) => delivered.push(e.id) });
    expect(result.eventCount).toBe(delivered.length);
    expect(delivered).toEqual((await allEvents()).map((e) => e.id));
  });

  it('gives up at once on a job that does not exist instead of polling forever', async () => {
    const error = await followJob(t.client(0), 'ftjob-missing', fast).catch((e: unknown) => e);
    expect(toAppError(error, 'job').kind).toBe('not-found');
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    controller.abort(new Error('detached'));
    await expect(followJob(t.client(0), jobId, { ...fast, signal: controller.signal })).rejects.toThrow(
      'detached',
    );
  });
});
