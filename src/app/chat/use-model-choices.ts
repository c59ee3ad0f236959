import { useEffect, useState } from 'react';
import type OpenAI from 'openai';
import { listCheckpoints } from '../../api/jobs.js';

export interface ModelChoice {
  readonly id: string;
  readonly label: string;
}

/**
 * The models the switcher offers: the fine-tuned model, each checkpoint of its job (fetched once,
 * newest step first), the base model. "Any model id" is the picker's last row.
 */
export function useModelChoices(
  client: OpenAI,
  model: string,
  baseModel: string | null,
  jobId: string | null,
): readonly ModelChoice[] {
  const [checkpoints, setCheckpoints] = useState<readonly ModelChoice[]>([]);
  useEffect(() => {
    if (jobId === null) return;
    const ac = new AbortController();
    listCheckpoints(client, jobId, { signal: ac.signal })
      .then((found) => {
        if (ac.signal.aborted) return;
        setCheckpoints(
          found
            .reverse()
            .map((c) => ({ id: c.fine_tuned_model_checkpoint, label: `checkpoint · step ${c.step_number}` })),
        );
      })
      // No checkpoints to offer is not worth an error: the other choices still work.
      .catch(() => undefined);
    return () => ac.abort();
  }, [client, jobId]);
  return [
    { id: model, label: model.startsWith('ft:') ? 'fine-tuned model' : 'model' },
    ...checkpoints.filter((c) => c.id !== model),
    ...(baseModel !== null && baseModel !== model ? [{ id: baseModel, label: 'base model' }] : []),
  ];
}
