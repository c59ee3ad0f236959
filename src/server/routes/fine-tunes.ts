/**
 * The legacy fine-tunes API (`/fine-tunes`), removed from the service but still what the original
 * guide and the `openai` 0.28 command line speak: create, list, retrieve, cancel, and events, the
 * latter streamed as server-sent events until the job ends when asked with `stream=true` (what
 * `fine_tunes.follow` reads). Jobs live in the one job store: a job made here is also a
 * `fine_tuning.jobs` job, and the other way round (https://platform.openai.com/docs/api-reference/fine-tunes).
 */
import { JSON_LIMIT, parseJson, readBody } from '../http/body.js';
import { jobNotFound } from '../http/errors.js';
import type { Router } from '../http/router.js';
import { EventStream } from '../http/sse.js';
import { say } from '../jobs/messages.js';
import { isFinal } from '../jobs/states.js';
import type { JobState } from '../state/records.js';
import type { Services } from '../services.js';
import { createLegacyJob, LegacyCreate } from './legacy-create.js';
import { fineTuneObject, legacyEvent, legacyEvents } from './legacy-view.js';

/** A comment line now and then keeps a quiet stream (a job queued or paused) from timing out. */
const HEARTBEAT_MS = 15_000;

function requireJob(services: Services, id: string): JobState {
  const state = services.book.get(id);
  if (!state) throw jobNotFound(id);
  return state;
}

export function fineTuneRoutes(router: Router, services: Services): void {
  const { book, runner } = services;
  router
    .on('POST', '/fine-tunes', async ({ req }) => {
      const state = createLegacyJob(services, parseJson(await readBody(req, JSON_LIMIT), LegacyCreate));
      book.add(state);
      book.event(state.job.id, say(state).created(state.job.id));
      runner.admit(state.job.id);
      return { json: fineTuneObject(services, state, true) };
    })
    .on('GET', '/fine-tunes', () => ({
      json: {
        object: 'list',
        // Oldest first, as the old list read (scripts took `data[-1]` for the latest).
        data: book
          .all()
          .reverse()
          .map((state) => fineTuneObject(services, state, false)),
      },
    }))
    .on('GET', '/fine-tunes/:id', ({ params }) => ({
      json: fineTuneObject(services, requireJob(services, params.id ?? ''), true),
    }))
    .on('POST', '/fine-tunes/:id/cancel', ({ params }) => {
      const state = requireJob(services, params.id ?? '');
      runner.cancel(state.job.id);
      return { json: fineTuneObject(services, state, true) };
    })
    .on('GET', '/fine-tunes/:id/events', async ({ params, query, res }) => {
      const state = requireJob(services, params.id ?? '');
      if (query.get('stream') !== 'true') {
        return { json: { object: 'list', data: legacyEvents(services, state.job.id) } };
      }
      await streamEvents(services, state, new EventStream(res));
      return { streamed: true };
    });
}

/** The events so far, then each new one as it comes, until the job ends (or the client leaves). */
async function streamEvents(services: Services, state: JobState, stream: EventStream): Promise<void> {
  const id = state.job.id;
  for (const event of legacyEvents(services, id)) stream.send(event);
  if (isFinal(state.job.status)) return stream.done();
  await new Promise<void>((finish) => {
    const heartbeat = setInterval(() => stream.comment('keep-alive'), HEARTBEAT_MS);
    const stop = services.book.listen(id, (event) => {
      if (event.type !== 'metrics') stream.send(legacyEvent(event));
      const status = services.book.get(id)?.job.status;
      if (!status || isFinal(status)) end();
    });
    const end = () => {
      clearInterval(heartbeat);
      stop();
      finish();
    };
    stream.onClose(end);
  });
  stream.done();
}
