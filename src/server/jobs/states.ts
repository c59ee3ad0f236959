/**
 * The job lifecycle, in one table: every status change of a job goes through `moveTo`, which refuses a
 * move the table does not list. As the service documents it
 * (https://platform.openai.com/docs/api-reference/fine-tuning/object): `validating_files → queued →
 * running → succeeded | failed | cancelled`; a running job pauses (`pausing` until its trainer has
 * saved a snapshot, then `paused`) and resumes; it may be cancelled until it ends; nothing leaves a
 * final status.
 */
import { ApiError, invalid } from '../http/errors.js';
import type { Job, JobStatus } from '../state/records.js';

export const NEXT = {
  // Files checked: on to the queue; a bad file fails the job at once.
  validating_files: ['queued', 'failed', 'cancelled'],
  queued: ['running', 'failed', 'cancelled'],
  running: ['pausing', 'succeeded', 'failed', 'cancelled'],
  // The trainer may reach the last step before it reads the pause request.
  pausing: ['paused', 'succeeded', 'failed', 'cancelled'],
  // Resumed: at once when its trainer is still parked, else behind the job that took it.
  paused: ['running', 'queued', 'failed', 'cancelled'],
  succeeded: [],
  failed: [],
  cancelled: [],
} as const satisfies Record<JobStatus, readonly JobStatus[]>;

/** What a client may ask of a job. */
export type Request = 'cancel' | 'pause' | 'resume';

/**
 * Where each request may take a job. A request is allowed from a status that may go to each of them:
 * a resume ends running or queued (whichever the trainer allows), so only a paused job is resumable.
 */
const TARGETS: Record<Request, readonly JobStatus[]> = {
  cancel: ['cancelled'],
  pause: ['pausing'],
  resume: ['running', 'queued'],
};

const STATUSES = Object.keys(NEXT) as JobStatus[];

export function canMove(from: JobStatus, to: JobStatus): boolean {
  return (NEXT[from] as readonly JobStatus[]).includes(to);
}

export function isFinal(status: JobStatus): boolean {
  return NEXT[status].length === 0;
}

export function canAsk(from: JobStatus, request: Request): boolean {
  return TARGETS[request].every((to) => canMove(from, to));
}

/** The statuses a request is allowed from, in the table's order (for the refusal's wording). */
export function askableFrom(request: Request): JobStatus[] {
  return STATUSES.filter((status) => canAsk(status, request));
}

/** The service's answer to a request the job's status does not allow (400, with a code per request). */
export function refusal(id: string, status: JobStatus, request: Request): ApiError {
  if (request === 'cancel') {
    const done = status === 'cancelled' ? 'was already cancelled' : `has already ${status}`;
    return invalid(`Job ${id} ${done} and cannot be cancelled.`, null, 'job_not_cancellable');
  }
  const allowed = askableFrom(request).join(' or ');
  const { verb, code } = WORDS[request];
  return invalid(`Job ${id} is ${status}; only a ${allowed} job can be ${verb}.`, null, code);
}

const WORDS = {
  pause: { verb: 'paused', code: 'job_not_pausable' },
  resume: { verb: 'resumed', code: 'job_not_resumable' },
} as const;

/**
 * Moves `job` to `next`, or throws: for a client's `request`, the refusal the service answers; for a
 * move of the server's own that the table does not list, a server error (a bug, never a client's doing).
 */
export function moveTo(job: Job, next: JobStatus, request?: Request): void {
  if (request && !canAsk(job.status, request)) throw refusal(job.id, job.status, request);
  if (!canMove(job.status, next)) {
    throw new ApiError(500, `Job ${job.id} cannot go from ${job.status} to ${next}.`, 'server_error');
  }
  job.status = next;
}
