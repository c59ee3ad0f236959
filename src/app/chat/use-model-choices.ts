import { useEffect, useState } from 'react';
import type OpenAI from 'openai';
import { listCheckpoints } from '../../api/jobs.js';
import { bestScored, type BestScored } from '../../core/best-scored.js';
import { loadEvalScores } from '../../store/runs.js';

export interface ModelChoice {
  readonly id: string;
  readonly label: string;
  /** The job's best model by its stored eval scores (`eval --checkpoints`, the job panel's x). */
  readonly best?: boolean;
}

/**
 * The models the switcher offers: the fine-tuned model, each checkpoint of its job (fetched once,
 * newest step first), the base model, the best of the job's models marked by the scores stored when
 * they were evaluated. "Any model id" is the picker's last row.
 */
export function useModelChoices(
  client: OpenAI,
  model: string,
  baseModel: string | null,
  jobId: string | null,
  env: NodeJS.ProcessEnv = process.env,
): { readonly choices: readonly ModelChoice[]; readonly best: BestScored | null } {
  const [checkpoints, setCheckpoints] = useState<readonly ModelChoice[]>([]);
  const [best, setBest] = useState<BestScored | null>(null);
  useEffect(() => {
    if (jobId === null) return;
    const ac = new AbortController();
    Promise.all([listCheckpoints(client, jobId, { signal: ac.signal }), loadEvalScores(env)])
      .then(([found, scores]) => {
        if (ac.signal.aborted) return;
        const ids = found.map((c) => c.fine_tuned_model_checkpoint);
        // Oldest first, then the final model: the order `eval --checkpoints` scores them in.
        setBest(bestScored([...ids.filter((id) => id !== model), model], scores));
        setCheckpoints(
          found
            .reverse()
            .map((c) => ({ id: c.fine_tuned_model_checkpoint, label: `checkpoint · step ${c.step_number}` })),
        );
      })
      // No checkpoints to offer is not worth an error: the other choices still work.
      .catch(() => undefined);
    return () => ac.abort();
  }, [client, jobId, model, env]);
  const choices: ModelChoice[] = [
    { id: model, label: model.startsWith('ft:') ? 'fine-tuned model' : 'model' },
    ...checkpoints.filter((c) => c.id !== model),
    ...(baseModel !== null && baseModel !== model ? [{ id: baseModel, label: 'base model' }] : []),
  ];
  return {
    choices: choices.map((c) => (c.id === best?.model ? { ...c, best: true } : c)),
    best,
  };
}
