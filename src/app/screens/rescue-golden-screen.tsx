import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { GOLDEN_FILE } from '../../rescue/golden-set.js';
import { ErrorBox } from '../components/error-box.js';
import { AnswersProgress } from '../components/progress-bar.js';
import { displayPath } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { actionAmong } from '../keys.js';
import { rescueKeyContext } from '../state/key-context.js';
import { earlierJob } from '../state/rescue-moves.js';
import { theme } from '../theme.js';
import { quitRescue, type RescueProps } from '../rescue-props.js';
import { join } from 'node:path';

/** The golden set as it is recorded: progress with ETA and cost so far; Esc stops, Enter goes on. */
export function GoldenScreen(props: RescueProps<'rescue-golden'>) {
  const { state, dispatch, width, services } = props;
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    const action = actionAmong(
      [
        'rescueGoldenRunning',
        'rescueGoldenStopped',
        'rescueGoldenFailed',
        'rescueGoldenDoneJob',
        'rescueGoldenDone',
      ],
      context,
      input,
      key,
    );
    if (action === 'stop') dispatch({ type: 'rescue-stop' });
    else if (action === 'next') dispatch({ type: 'rescue-next' });
    else if (action === 'retry') dispatch({ type: 'rescue-retry' });
    else if (action === 'back') dispatch({ type: 'rescue-back' });
    else if (action === 'quit') quitRescue(props);
  });
  const { item } = state.run;
  const p = state.progress;
  const earlier = earlierJob(state.run);
  const validation = state.run.saved?.data.validation ?? null;
  const from =
    validation === null
      ? 'prompts sampled from the training data'
      : `the ${validation.examples} validation prompts`;
  const file = displayPath(join(state.run.folder, GOLDEN_FILE), services.cwd);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Golden set: how the model answers today
      </Text>
      <Para {...theme.muted}>
        Asked {from} at temperature 0, its separator and stop applied; each answer is written to {file} as it
        arrives.
      </Para>
      <Box flexDirection="column" marginTop={1}>
        {state.phase === 'skipped' ? (
          <Para {...theme.warning}>
            {item.model} stopped answering on {item.shutdownDate}: no golden set can be recorded. Retrain it
            all the same, then score the new model on the data with e.
          </Para>
        ) : (
          <AnswersProgress progress={p} width={width} hideClock={services.hideClock ?? false} />
        )}
        {state.phase === 'running' ? (
          <Text {...theme.muted}>
            Esc stops: every answer so far is kept, and the rest is asked next time.
          </Text>
        ) : null}
        {state.phase === 'stopped' ? (
          <Text {...theme.warning}>Stopped. Enter goes on where it stopped.</Text>
        ) : null}
        {state.phase === 'done' ? (
          <Para {...theme.success}>
            Recorded: {p?.total ?? state.run.saved?.golden?.total} answers.{' '}
            {earlier === null
              ? 'Next, where to retrain it.'
              : `The retraining job ${earlier.jobId} (${earlier.provider}) was created before: Enter follows it.`}
          </Para>
        ) : null}
        {state.phase === 'failed' && state.error !== null ? (
          <ErrorBox error={state.error} title="The golden set stopped" />
        ) : null}
      </Box>
    </Box>
  );
}
