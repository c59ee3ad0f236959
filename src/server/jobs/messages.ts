/**
 * What a job says in its events, in the words of the API that created it: `fine_tuning.jobs`
 * jobs speak like today's service, jobs made through the legacy `/fine-tunes` endpoint like the
 * old one did (as its event logs read: "Created fine-tune: ft-…", "Fine-tune enqueued. Queue
 * number: 0", "Completed epoch 1/4", "Uploaded model: …", "Fine-tune succeeded"). Both APIs list
 * the same events; only the wording follows the job's origin.
 */
import type { JobState } from '../state/records.js';

export interface Say {
  created(id: string): string;
  /** Null when this dialect says nothing while files are checked. */
  validating(file: string): string | null;
  /** Once the files are good; `ahead` jobs train before this one. */
  validated(ahead: number): string[];
  started(step: number): string;
  epoch(epoch: number, epochs: number, step: number): string;
  model(name: string): string;
  results(file: string): string | null;
  succeeded(): string;
  cancelled(): string;
}

const JOBS: Say = {
  created: (id) => `Created fine-tuning job: ${id}`,
  validating: (file) => `Validating training file: ${file}`,
  validated: (ahead) => [
    'Files validated, moving job to queued state',
    ...(ahead > 0 ? ['Waiting for the job in training: the local provider trains one job at a time.'] : []),
  ],
  started: (step) => (step > 0 ? `Fine-tuning job started again at step ${step}` : 'Fine-tuning job started'),
  epoch: (_epoch, _epochs, step) => `Checkpoint created at step ${step}`,
  model: (name) => `New fine-tuned model created: ${name}`,
  results: () => null,
  succeeded: () => 'The job has successfully completed',
  cancelled: () => 'Fine-tuning job cancelled',
};

const LEGACY: Say = {
  created: (id) => `Created fine-tune: ${id}`,
  validating: () => null,
  // Training here is free: the old service's cost line, with the local price.
  validated: (ahead) => ['Fine-tune costs $0.00', `Fine-tune enqueued. Queue number: ${ahead}`],
  started: (step) => (step > 0 ? `Fine-tune started again at step ${step}` : 'Fine-tune started'),
  epoch: (epoch, epochs) => `Completed epoch ${epoch}/${epochs}`,
  model: (name) => `Uploaded model: ${name}`,
  results: (file) => `Uploaded result file: ${file}`,
  succeeded: () => 'Fine-tune succeeded',
  cancelled: () => 'Fine-tune cancelled',
};

export function say(state: Pick<JobState, 'legacy'> | undefined): Say {
  return state?.legacy ? LEGACY : JOBS;
}

/** A job's file was deleted while the job waited or as it started (the runner and the worker both say it). */
export function deletedMessage(which: 'training' | 'validation', id: string): string {
  return `The ${which} file ${id} was deleted before the job could read it; upload it again and create a new job.`;
}
