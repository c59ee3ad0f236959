/**
 * After a restart: a job that was running goes on from its last checkpoint (its metrics rows and
 * events after that step are dropped, since they will be produced again, so a client paging the
 * log sees each step once); a job caught pausing is paused at its last checkpoint. Each says
 * what happened in an event.
 */
import type { JobBook } from './job-book.js';
import { moveTo } from './states.js';

export function recoverJobs(book: JobBook): void {
  for (const state of book.all()) {
    const { id, status } = state.job;
    if (status !== 'running' && status !== 'pausing') continue;
    const from = state.checkpoints[0]?.step_number ?? 0;
    book.update(id, (s) => {
      s.resumeFrom = from > 0 ? `jobs/${id}/ckpt-step-${from}` : null;
      s.rows = s.rows.filter((row) => row.step <= from);
      s.job.estimated_finish = null;
      if (status === 'pausing') moveTo(s.job, 'paused');
    });
    book.dropEventsAfter(id, from);
    const where = from > 0 ? `the checkpoint at step ${from}` : 'the beginning (no checkpoint yet)';
    book.event(
      id,
      status === 'pausing'
        ? `The server stopped while the job was pausing; it is paused and will resume from ${where}.`
        : `The server restarted; resuming from ${where}.`,
      // Machine-readable for followers: steps after this one were dropped and come again.
      { type: 'message', data: { resumed_from_step: from } },
    );
  }
  book.flush();
}
