import { useCallback, useMemo } from 'react';
import { baseOf } from '../../api/models.js';
import {
  queryFormat,
  type FormatFlags,
  type QueryFormat,
  type TrainingFormat,
} from '../../api/completions-format.js';
import type { Settings } from './chat-state.js';

/** What the tester knows about the job that produced the model (a `JobRecord` fits). */
export interface TesterJob extends TrainingFormat {
  readonly id: string;
  /** The base model the job trained. */
  readonly model: string;
  /** The prepared training file (a `JobRecord`'s), beside which corrections are kept. */
  readonly trainingFile?: { readonly path: string } | undefined;
}

export const DEFAULT_SAMPLING = {
  temperature: 1,
  topP: 1,
  maxTokens: 256,
  frequencyPenalty: 0,
  presencePenalty: 0,
} as const;

/**
 * How each model is queried. The fine-tuned model, its checkpoints and its base model share the job
 * record's format (so compare mode sends both the same prompt); other ids are judged by name, with
 * the fine-tuned model's endpoint as the fallback.
 */
export function useChatFormat(
  model: string,
  baseModel: string | null,
  job: TesterJob | null,
  flags: FormatFlags,
): { readonly formatFor: (id: string) => QueryFormat; readonly initialSettings: Settings } {
  const own = useMemo(() => queryFormat(model, job, flags, 'chat'), [model, job, flags]);
  const formatFor = useCallback(
    (id: string) =>
      id === model || id === baseModel || id.startsWith(`${model}:`)
        ? own
        : queryFormat(id, null, {}, own.endpoint),
    [model, baseModel, own],
  );
  const initialSettings = useMemo(
    (): Settings => ({
      ...DEFAULT_SAMPLING,
      // Prompt/completion fine-tunes are mostly classifiers and extractors: the old guide queried
      // them at temperature 0, and a sampled wrong label would misjudge the model. Chat keeps 1.
      temperature: own.endpoint === 'completions' ? 0 : DEFAULT_SAMPLING.temperature,
      stop: own.stop,
      separator: own.separator,
      systemPrompt: own.systemPrompt ?? '',
    }),
    [own],
  );
  return { formatFor, initialSettings };
}

/** The base to compare with: given, else the job's, else the `ft:` name's own base. */
export function baseFor(model: string, baseModel: string | undefined, job: TesterJob | null): string | null {
  if (baseModel !== undefined) return baseModel;
  if (job) return job.model;
  return model.startsWith('ft:') ? baseOf(model) : null;
}
