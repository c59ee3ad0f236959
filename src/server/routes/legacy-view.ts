/**
 * A job as the legacy API showed it: the `fine-tune` object with its `hyperparams`, its files as
 * objects, `updated_at` and (on create, retrieve and cancel) its `events`; statuses before
 * training read `pending`. Events are `fine-tune-event`s, oldest first, without the per-step
 * metrics (the old service put those in the results file only). Shapes from the legacy reference
 * (https://platform.openai.com/docs/api-reference/fine-tunes/object) as openai-node v4 typed them
 * (`src/resources/fine-tunes.ts`).
 */
import type { JobEvent, JobState } from '../state/records.js';
import type { Services } from '../services.js';

export interface FineTuneEvent {
  readonly object: 'fine-tune-event';
  readonly created_at: number;
  readonly level: string;
  readonly message: string;
}

export function legacyEvent(event: JobEvent): FineTuneEvent {
  return {
    object: 'fine-tune-event',
    created_at: event.created_at,
    level: event.level,
    message: event.message,
  };
}

/** Oldest first, without metrics. */
export function legacyEvents(services: Services, id: string): FineTuneEvent[] {
  return services.book
    .listEvents(id)
    .reverse()
    .filter((event) => event.type !== 'metrics')
    .map(legacyEvent);
}

const PENDING = new Set(['validating_files', 'queued']);

export function legacyStatus(status: string): string {
  return PENDING.has(status) ? 'pending' : status;
}

function files(services: Services, ids: readonly (string | null)[]) {
  return ids.flatMap((id) => {
    const file = id ? services.files.get(id) : undefined;
    return file ? [file] : [];
  });
}

export function fineTuneObject(
  services: Services,
  state: JobState,
  withEvents: boolean,
): Record<string, unknown> {
  const { job, legacy } = state;
  const events = services.book.listEvents(job.id);
  const number = (value: number | 'auto') => (value === 'auto' ? null : value);
  return {
    id: job.id,
    object: 'fine-tune',
    model: legacy?.model ?? job.model,
    created_at: job.created_at,
    updated_at: Math.max(job.created_at, job.finished_at ?? 0, events[0]?.created_at ?? 0),
    ...(withEvents ? { events: legacyEvents(services, job.id) } : {}),
    fine_tuned_model: job.fine_tuned_model,
    hyperparams: {
      batch_size: number(job.hyperparameters.batch_size),
      learning_rate_multiplier: number(job.hyperparameters.learning_rate_multiplier),
      n_epochs: number(job.hyperparameters.n_epochs),
      prompt_loss_weight: legacy?.prompt_loss_weight ?? null,
      ...(legacy?.compute_classification_metrics
        ? {
            compute_classification_metrics: true,
            classification_n_classes: legacy.classification_n_classes,
            classification_positive_class: legacy.classification_positive_class,
            ...(legacy.classification_betas ? { classification_betas: legacy.classification_betas } : {}),
          }
        : {}),
    },
    organization_id: job.organization_id,
    result_files: files(services, job.result_files),
    status: legacyStatus(job.status),
    training_files: files(services, [job.training_file]),
    validation_files: files(services, [job.validation_file]),
  };
}
