import type OpenAI from 'openai';
import { UserError } from '../core/errors.js';
import { getJob, listCheckpoints } from './jobs.js';
import { requireSupport } from './providers/capabilities.js';
import type { ProviderProfile } from './providers/profile.js';

/**
 * The models `eval --checkpoints` scores: each checkpoint the provider lists for a succeeded job, oldest
 * first, then its final model (the step is null for it).
 */
export async function checkpointModels(
  client: OpenAI,
  profile: ProviderProfile,
  jobId: string,
  r: { readonly signal?: AbortSignal } = {},
): Promise<Array<{ model: string; step: number | null }>> {
  requireSupport(profile, 'checkpoints');
  const job = await getJob(client, jobId, r);
  if (job.status !== 'succeeded' || !job.fine_tuned_model) {
    throw new UserError(`job ${jobId} is ${job.status}: its checkpoints are scored once it has succeeded`);
  }
  const checkpoints = await listCheckpoints(client, jobId, r);
  return [
    ...checkpoints.map((c) => ({ model: c.fine_tuned_model_checkpoint, step: c.step_number })),
    { model: job.fine_tuned_model, step: null },
  ];
}
