import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { ExampleBlock } from '../components/example-block.js';
import { plural } from '../../core/numbers.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { useKeys } from '../hooks/use-keys.js';

/** Random examples of the fixed data, one per page, to read by hand and drop if bad. */
export function SamplesScreen({
  state,
  dispatch,
  width,
  height,
}: {
  readonly state: Extract<WizardState, { screen: 'samples' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
}) {
  useKeys((input, key) => {
    const action = actionFor('samples', input, key);
    if (action === 'prev') dispatch({ type: 'sample-page', delta: -1 });
    else if (action === 'next') dispatch({ type: 'sample-page', delta: 1 });
    else if (action === 'drop') dispatch({ type: 'sample-toggle' });
    else if (action === 'done') dispatch({ type: 'samples-done' });
    else if (action === 'back') dispatch({ type: 'back' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const samples = state.samples;
  const sample = samples?.[state.page];
  const dropped = sample !== undefined && state.dropped.includes(sample.position);
  return (
    <Box flexDirection="column" height={height} overflow="hidden">
      <Box justifyContent="space-between" width={width}>
        <Text bold>
          {samples === null
            ? 'Picking random examples…'
            : samples.length === 0
              ? 'No examples to show.'
              : `Sample ${state.page + 1} of ${samples.length}`}
          {sample === undefined ? null : (
            <Text {...theme.muted}>
              {' '}
              · {state.analysis.positionLabel} {sample.position}
            </Text>
          )}
        </Text>
        <Text {...(state.dropped.length > 0 ? theme.warning : theme.muted)}>
          {plural(state.dropped.length, 'example')} marked to drop
        </Text>
      </Box>
      <Para {...theme.muted}>Read a few examples as the model will see them; drop any that are wrong.</Para>
      {sample === undefined ? null : (
        <Box flexDirection="column" marginTop={1}>
          {dropped ? (
            <Text bold {...theme.removed}>
              ✗ marked to drop (d to keep)
            </Text>
          ) : null}
          <ExampleBlock example={sample.example} maxLines={height - 5} width={width} />
        </Box>
      )}
    </Box>
  );
}
