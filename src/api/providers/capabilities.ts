import { UserError } from '../../core/errors.js';
import type { ProviderProfile, Supports } from './profile.js';

/** What a provider cannot do, said once and plainly where the user asks for it (never a raw 404). */
type Feature = Exclude<keyof Supports, 'methods'>;

const WORDS: Record<Feature, string> = {
  cancel: 'cancel a job',
  pauseResume: 'pause or resume a job',
  checkpoints: 'list the checkpoints of a job',
  uploadsApi: 'upload a file in parts',
  deleteModels: 'delete a fine-tuned model through its API',
  earlyStop: 'stop a job early on validation loss',
};

const INSTEAD: Partial<Record<Feature, string>> = {
  pauseResume: 'a running job can be cancelled, or left to finish',
  deleteModels: "use the provider's console",
};

/** `Together AI cannot pause or resume a job (a running job can be cancelled, or left to finish).` */
export function unsupportedSentence(profile: ProviderProfile, feature: Feature): string {
  const instead = INSTEAD[feature];
  return `${profile.label} cannot ${WORDS[feature]}${instead === undefined ? '' : ` (${instead})`}.`;
}

/** Throws that sentence as a user-facing error when the row lacks the feature. */
export function requireSupport(profile: ProviderProfile, feature: Feature): void {
  if (!profile.supports[feature]) throw new UserError(unsupportedSentence(profile, feature));
}
