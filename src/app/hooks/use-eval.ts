import { setMaxListeners } from 'node:events';
import { useEffect, type Dispatch } from 'react';
import { queryFormat } from '../../api/completions-format.js';
import { DEFAULT_NOT_READY_DELAYS } from '../../api/retry.js';
import { readEvalExamples, type EvalExample } from '../../api/eval-examples.js';
import type { Asked } from '../../core/corrections.js';
import { missesOf } from '../../core/eval-misses.js';
import { evaluate } from '../../api/eval-session.js';
import { checkpointModels } from '../../api/checkpoint-models.js';
import { toAppError } from '../../api/errors.js';
import type { Services } from '../services.js';
import type { EvalTarget, Miss } from '../state/eval-state.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import type { JobRecord } from '../../store/jobs.js';
import { headlineScore } from '../../core/eval-metrics.js';
import { saveEvalScore } from '../../store/runs.js';

/** The fine-tuned model's wrong answers (flipped ones first), each with what was asked. */
function missesFor(examples: readonly EvalExample[], answers: readonly (readonly string[])[]): Miss[] {
  const [mine = [], base] = answers;
  return missesOf(
    examples.map((e) => e.expected),
    mine,
    base,
  ).flatMap(({ index, flipped }) => {
    const example = examples[index];
    if (example === undefined) return [];
    const asked: Asked =
      example.endpoint === 'completions' ? { prompt: example.prompt } : { messages: example.messages };
    const question =
      example.endpoint === 'completions'
        ? example.prompt
        : (example.messages.filter((m) => m.role === 'user').at(-1)?.content ?? '');
    return [{ index, asked, question, expected: example.expected, answer: mine[index] ?? '', flipped }];
  });
}

/** Progress redraws at most ~10 times a second. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs the evaluation the eval screen asked for, as `fine-tune eval -m MODEL -f FILE --compare BASE`
 * would: the job record gives the separator, stop and system prompt. Leaving the screen (Esc, quit)
 * aborts every request in flight.
 */
export function useEval(state: WizardState, dispatch: Dispatch<WizardAction>, services: Services): void {
  const running = state.screen === 'eval' && state.run.phase === 'running';
  const target: EvalTarget | null = running ? state.target : null;
  const record: JobRecord | null = running ? state.panel.record : null;
  useEffect(() => {
    if (target === null || record === null) return;
    const ac = new AbortController();
    // The SDK adds an abort listener per request and never removes it: hundreds of examples would
    // trip Node's leak warning, printed on stderr over the Ink screen.
    setMaxListeners(0, ac.signal);
    let drawnAt = 0;
    const run = async (): Promise<void> => {
      const examples = await readEvalExamples(target.file);
      if (services.provider === undefined) throw new Error('No provider is available to this wizard.');
      const connection = await services.provider.open(record.provider);
      // The job's checkpoints are listed now (they exist only once it has succeeded).
      const models =
        target.checkpointsOf === undefined
          ? target.models
          : (
              await checkpointModels(connection.client, connection.profile, target.checkpointsOf, {
                signal: ac.signal,
              })
            ).map((m) => m.model);
      const [model = ''] = models;
      const endpoint = examples[0]?.endpoint ?? 'completions';
      const format = { ...queryFormat(model, record, {}, endpoint), endpoint };
      dispatch({ type: 'eval-progress', done: 0, total: examples.length * models.length });
      try {
        const session = await evaluate(connection.client, {
          examples,
          models,
          format,
          run: {
            signal: ac.signal,
            onBackoff: (ms) =>
              !ac.signal.aborted &&
              dispatch({ type: 'eval-note', note: `rate limited: waiting ${Math.ceil(ms / 1000)}s` }),
            notReady: {
              delaysMs: DEFAULT_NOT_READY_DELAYS,
              onCountdown: ({ secondsLeft }) =>
                !ac.signal.aborted &&
                dispatch({
                  type: 'eval-note',
                  note: secondsLeft > 0 ? `model not ready yet (404): retrying in ${secondsLeft}s` : null,
                }),
            },
          },
          onProgress: (done, total) => {
            if (ac.signal.aborted || (done < total && Date.now() - drawnAt < PROGRESS_INTERVAL_MS)) return;
            drawnAt = Date.now();
            dispatch({ type: 'eval-progress', done, total });
          },
        });
        // Stored as `fine-tune eval` stores them: `runs` shows them, the chat tester marks the best checkpoint.
        const at = Math.floor(Date.now() / 1000);
        for (const { model, report } of session.reports) {
          const head = headlineScore(report);
          await saveEvalScore(
            {
              model,
              file: target.file,
              kind: report.kind,
              score: head.value,
              metric: head.metric,
              examples: report.n,
              at,
            },
            services.env,
          ).catch(() => undefined);
        }
        if (!ac.signal.aborted) {
          dispatch({
            type: 'eval-done',
            reports: session.reports,
            // Checkpoints: the wrong answers are the final model's (scored last), with no base to flip from.
            misses: missesFor(
              examples,
              target.checkpointsOf === undefined ? session.answers : [session.answers.at(-1) ?? []],
            ),
          });
        }
      } catch (error) {
        if (!ac.signal.aborted)
          dispatch({ type: 'eval-failed', error: connection.explain(error, 'model-after-success') });
      }
    };
    run().catch((error: unknown) => {
      if (!ac.signal.aborted) dispatch({ type: 'eval-failed', error: toAppError(error) });
    });
    return () => ac.abort();
  }, [target, record, dispatch, services]);
}
