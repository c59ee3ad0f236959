/** `/fine_tuning/jobs`: create, list, retrieve, cancel, pause, resume, events, checkpoints. */
import { JSON_LIMIT, parseJson, readBody } from '../http/body.js';
import { jobNotFound } from '../http/errors.js';
import { page } from '../http/paginate.js';
import type { Router } from '../http/router.js';
import { JobBook } from '../jobs/job-book.js';
import type { JobState } from '../state/records.js';
import type { Services } from '../services.js';
import { createJob, CreateJob } from './job-create.js';

function requireJob(services: Services, id: string): JobState {
  const state = services.book.get(id);
  if (!state) throw jobNotFound(id);
  return state;
}

/**
 * `metadata[k]=v` keeps the jobs whose metadata has every pair given; a bare `metadata=` (the SDK's
 * `metadata: null`) keeps the jobs without metadata
 * (https://platform.openai.com/docs/api-reference/fine-tuning/list).
 */
function metadataFilter(query: URLSearchParams): (job: JobState['job']) => boolean {
  const pairs = [...query.entries()].flatMap(([key, value]) => {
    const name = /^metadata\[(.+)\]$/.exec(key)?.[1];
    return name === undefined ? [] : [[name, value] as const];
  });
  if (pairs.length > 0) return (job) => pairs.every(([k, v]) => job.metadata?.[k] === v);
  if (query.has('metadata')) {
    return (job) => job.metadata === null || Object.keys(job.metadata).length === 0;
  }
  return () => true;
}

export function jobRoutes(router: Router, services: Services): void {
  const { book, runner } = services;
  router
    .on('POST', '/fine_tuning/jobs', async ({ req }) => {
      const state = createJob(services, parseJson(await readBody(req, JSON_LIMIT), CreateJob));
      book.add(state);
      book.event(state.job.id, `Created fine-tuning job: ${state.job.id}`);
      runner.admit(state.job.id);
      return { json: state.job };
    })
    .on('GET', '/fine_tuning/jobs', ({ query }) => {
      const wanted = metadataFilter(query);
      const { object, data, has_more } = page(
        book
          .all()
          .map((s) => s.job)
          .filter(wanted),
        query,
        20,
      );
      return { json: { object, data, has_more } };
    })
    .on('GET', '/fine_tuning/jobs/:id', ({ params }) => ({ json: requireJob(services, params.id ?? '').job }))
    .on('POST', '/fine_tuning/jobs/:id/cancel', ({ params }) => {
      runner.cancel(requireJob(services, params.id ?? '').job.id);
      return { json: requireJob(services, params.id ?? '').job };
    })
    .on('POST', '/fine_tuning/jobs/:id/pause', ({ params }) => {
      runner.pause(requireJob(services, params.id ?? '').job.id);
      return { json: requireJob(services, params.id ?? '').job };
    })
    .on('POST', '/fine_tuning/jobs/:id/resume', ({ params }) => {
      runner.resume(requireJob(services, params.id ?? '').job.id);
      return { json: requireJob(services, params.id ?? '').job };
    })
    .on('GET', '/fine_tuning/jobs/:id/events', ({ params, query }) => {
      const id = requireJob(services, params.id ?? '').job.id;
      const events = book.listEvents(id);
      const { object, data, has_more } = page(events, query, 20, 100, (after) =>
        JobBook.olderThan(events, after),
      );
      return { json: { object, data, has_more } };
    })
    .on('GET', '/fine_tuning/jobs/:id/checkpoints', ({ params, query }) => {
      const state = requireJob(services, params.id ?? '');
      return { json: page(state.checkpoints, query, 10) };
    });
}
