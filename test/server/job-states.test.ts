import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { refusal } from './refusal.js';
import { askableFrom, canAsk, isFinal, moveTo, NEXT, type Request } from '../../src/server/jobs/states.js';
import { JobStatus, type Job } from '../../src/server/state/records.js';
import { rmSync } from 'node:fs';
import { JobBook } from '../../src/server/jobs/job-book.js';
import { JobRunner } from '../../src/server/jobs/runner.js';
import { FileBook } from '../../src/server/state/files.js';
import { Store } from '../../src/server/state/store.js';
import { tempDir } from './helpers.js';
import { jobIn, stateServer, type StateServer } from './state-server.js';

const STATUSES = JobStatus.options;

/**
 * The lifecycle as the service documents it, written out again on purpose: the table in
 * src/server/jobs/states.ts must agree with this one pair by pair.
 */
const ALLOWED: Record<JobStatus, readonly JobStatus[]> = {
  validating_files: ['queued', 'failed', 'cancelled'],
  queued: ['running', 'failed', 'cancelled'],
  running: ['pausing', 'succeeded', 'failed', 'cancelled'],
  pausing: ['paused', 'succeeded', 'failed', 'cancelled'],
  paused: ['running', 'queued', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
};

/**
 * Where a client's request is allowed from, the status it leaves the job in (no trainer running) and
 * the event it logs.
 */
const REQUESTS: Record<Request, { from: readonly JobStatus[]; to: JobStatus; says: string }> = {
  cancel: {
    from: ['validating_files', 'queued', 'running', 'pausing', 'paused'],
    to: 'cancelled',
    says: 'Fine-tuning job cancelled',
  },
  pause: { from: ['running'], to: 'pausing', says: 'Pausing fine-tuning job' },
  resume: { from: ['paused'], to: 'queued', says: 'Fine-tuning job resumed' },
};

/** The refusal each request gets, as the service words it (the SDK shows it as a 400). */
function refusalOf(request: Request, id: string, status: JobStatus): { message: string; code: string } {
  if (request === 'cancel') {
    const done = status === 'cancelled' ? 'was already cancelled' : `has already ${status}`;
    return { message: `Job ${id} ${done} and cannot be cancelled.`, code: 'job_not_cancellable' };
  }
  if (request === 'pause') {
    return { message: `Job ${id} is ${status}; only a running job can be paused.`, code: 'job_not_pausable' };
  }
  return { message: `Job ${id} is ${status}; only a paused job can be resumed.`, code: 'job_not_resumable' };
}

const PAIRS = STATUSES.flatMap((from) => STATUSES.map((to) => [from, to] as const));
const ASKS = (Object.keys(REQUESTS) as Request[]).flatMap((request) =>
  STATUSES.map((status) => [request, status] as const),
);

function job(status: JobStatus): Job {
  return { id: 'ftjob-walk', status } as Job;
}

describe('the job lifecycle table', () => {
  it('lists the documented moves and nothing else', () => {
    expect(NEXT).toEqual(ALLOWED);
  });

  it.each(PAIRS)('%s → %s is allowed exactly when the lifecycle lists it', (from, to) => {
    const moving = job(from);
    if (ALLOWED[from].includes(to)) {
      moveTo(moving, to);
      expect(moving.status).toBe(to);
      return;
    }
    const error = refusal(() => moveTo(moving, to));
    // A move of the server's own that the table refuses is a bug on the server, never the client's.
    expect(error.status).toBe(500);
    expect(error.type).toBe('server_error');
    expect(error.message).toBe(`Job ftjob-walk cannot go from ${from} to ${to}.`);
    expect(moving.status).toBe(from);
  });

  it('calls a status final exactly when nothing leaves it', () => {
    expect(STATUSES.filter(isFinal)).toEqual(['succeeded', 'failed', 'cancelled']);
  });

  it.each(ASKS)('%s from %s: allowed or refused with the service’s words', (request, status) => {
    const asked = job(status);
    const { from, to } = REQUESTS[request];
    expect(canAsk(status, request)).toBe(from.includes(status));
    if (from.includes(status)) {
      moveTo(asked, to, request);
      expect(asked.status).toBe(to);
      return;
    }
    const error = refusal(() => moveTo(asked, to, request));
    expect(error.status).toBe(400);
    expect(error.body().error).toEqual({
      ...refusalOf(request, 'ftjob-walk', status),
      type: 'invalid_request_error',
      param: null,
    });
    expect(asked.status).toBe(status);
  });

  it('resumes a paused job to running as well (its trainer still parked), never a queued one', () => {
    const parked = job('paused');
    moveTo(parked, 'running', 'resume');
    expect(parked.status).toBe('running');
    expect(() => moveTo(job('queued'), 'running', 'resume')).toThrow(
      'Job ftjob-walk is queued; only a paused job can be resumed.',
    );
    expect(askableFrom('resume')).toEqual(['paused']);
  });
});

describe('a server with one job in each status', () => {
  /** Busy keeps a background server from stopping itself: a paused job may wait for days. */
  const BUSY: readonly JobStatus[] = ['validating_files', 'queued', 'running', 'pausing'];

  it.each(STATUSES)('is busy with a %s job exactly when it trains or waits for the trainer', (status) => {
    const dir = tempDir();
    try {
      const store = new Store(dir);
      const book = new JobBook(store);
      book.add(jobIn(status));
      const runner = new JobRunner(book, new FileBook(store), store, {
        stepDelayMs: 0,
        log: () => undefined,
      });
      expect(runner.busy()).toBe(BUSY.includes(status));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cancel, pause and resume over HTTP, from every status', () => {
  let s: StateServer;
  beforeAll(async () => {
    s = await stateServer();
  });
  afterAll(() => s.close());

  const call = (request: Request, id: string) => s.client.fineTuning.jobs[request](id);
  const events = async (id: string) =>
    (await s.client.fineTuning.jobs.listEvents(id, { limit: 100 })).data.map((e) => e.message);

  it.each(ASKS)('%s a %s job', async (request, status) => {
    const id = s.seed(status);
    const { from, to, says } = REQUESTS[request];
    if (from.includes(status)) {
      expect((await call(request, id)).status).toBe(to);
      expect((await s.client.fineTuning.jobs.retrieve(id)).status).toBe(to);
      expect(await events(id)).toEqual([says]);
      return;
    }
    const error = await call(request, id).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    const refused = error as InstanceType<typeof OpenAI.BadRequestError>;
    const expected = refusalOf(request, id, status);
    expect(refused.message).toBe(`400 ${expected.message}`);
    expect(refused.code).toBe(expected.code);
    expect((await s.client.fineTuning.jobs.retrieve(id)).status).toBe(status);
    expect(await events(id)).toEqual([]);
  });

  it.each(STATUSES)('cancels a %s job through the legacy API as the table says', async (status) => {
    const id = s.seed(status);
    const response = await fetch(`${s.baseURL}/fine-tunes/${id}/cancel`, {
      method: 'POST',
      headers: { authorization: `Bearer ${s.apiKey}` },
    });
    const body = (await response.json()) as { status?: string; error?: { code: string } };
    if (REQUESTS.cancel.from.includes(status)) {
      expect(response.status).toBe(200);
      expect(body.status).toBe('cancelled');
    } else {
      expect(response.status).toBe(400);
      expect(body.error?.code).toBe('job_not_cancellable');
    }
  });

  it('answers 404 for a job it never had, for each request', async () => {
    for (const request of Object.keys(REQUESTS) as Request[]) {
      const error = await call(request, 'ftjob-nope').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(OpenAI.NotFoundError);
    }
  });
});
