import { createCommandLine, type Flag } from '../core/command-line.js';
import type { ProviderProfile } from './providers/profile.js';
import type { StartJobInput } from './start-job.js';

/** The `fine-tune create …` line that starts the same job as the wizard's choices (flags by the row). */
export function equivalentCreateCommand(
  input: StartJobInput,
  profile?: ProviderProfile,
  more: readonly Flag[] = [],
): string {
  const h = input.hyperparameters ?? {};
  const options: Flag[] = (profile?.createOptions ?? []).flatMap((option) => {
    const value = input.options?.[option.key];
    return value !== undefined && value !== option.default ? [[option.flag, value] as const] : [];
  });
  return createCommandLine(input.trainingPath, input.validationPath, input.model, [
    ['--suffix', input.suffix],
    ['--epochs', h.nEpochs],
    ['--batch-size', h.batchSize],
    [profile?.hyperparameters.learningRate.flag ?? '--lr-multiplier', h.learningRate],
    ...options,
    ['--seed', input.seed],
    ['--separator', input.separator],
    ['--stop', input.stop],
    ['--system-prompt', input.systemPrompt],
    ['--provider', profile?.name],
    ...more,
  ]);
}
