import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { actionAmong } from '../keys.js';
import { RunsCompareView } from './runs-compare-view.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/use-keys.js';
import { keyContext } from '../state/key-context.js';
import type { RunsView } from '../state/runs-state.js';
import type { WizardAction } from '../state/wizard-state.js';
import { evalWords, settingsOf, type Run } from '../../rescue/run-history.js';
import { decimal } from '../../core/numbers.js';

// The details of the selected run: label and the setting it shows (settingsOf words them).
const DETAILS: ReadonlyArray<readonly [string, readonly string[]]> = [
  ['data', ['training data', 'validation data']],
  ['settings', ['epochs', 'batch size', 'learning rate']],
  ['losses', ['final training loss', 'final validation loss']],
  ['tokens', ['trained tokens', 'cost']],
];

function title(run: Run): string {
  return run.fineTunedModel ?? `${run.model}${run.suffix ? ` (${run.suffix})` : ''}`;
}

function Details({ run }: { readonly run: Run }) {
  const s = settingsOf(run);
  const words: Record<string, string> = {
    data: `${s['training data']}${run.validation ? `; validation ${s['validation data']}` : ''}`,
    settings: `epochs ${s.epochs} · batch ${s['batch size']} · learning rate ${s['learning rate']}`,
    losses: `training ${s['final training loss']} · validation ${s['final validation loss']}`,
    tokens: `${s['trained tokens']} trained · ${s.cost}`,
  };
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        {title(run)}
      </Text>
      <Text {...theme.muted} wrap="truncate">
        {run.id} · {run.provider} · base {run.model} · {run.status}
        {run.followedOnly ? ' · followed here' : ''}
      </Text>
      {DETAILS.map(([label]) => (
        <Text key={label} wrap="truncate">
          <Text {...theme.muted}>{label.padEnd(9)}</Text>
          {words[label]}
        </Text>
      ))}
      <Text wrap="truncate">
        <Text {...theme.muted}>{'eval'.padEnd(9)}</Text>
        {evalWords(run.eval)}
      </Text>
    </Box>
  );
}

/** Every job created or followed here, newest first; the selected one described below the list. */
export function RunsScreen({
  state,
  dispatch,
  width,
  height,
}: {
  readonly state: RunsView;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
}) {
  useKeys((input, key) => {
    const context = keyContext(state);
    const action = actionAmong(['runs', 'runsCompare', 'runsFailed'], context, input, key);
    if (action === 'up') dispatch({ type: 'runs-move', delta: -1 });
    else if (action === 'down') dispatch({ type: 'runs-move', delta: 1 });
    else if (action === 'compare') dispatch({ type: 'runs-mark' });
    else if (action === 'back') dispatch({ type: 'runs-back' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  if (state.error !== null) {
    return <Text {...theme.error}>Could not read the run history: {state.error}</Text>;
  }
  if (state.runs === null) return <Text {...theme.muted}>Reading the run history…</Text>;
  if (state.compare !== undefined)
    return <RunsCompareView compare={state.compare} width={width} height={height} />;
  const runs = state.runs;
  if (runs.length === 0) {
    return (
      <Box flexDirection="column">
        <Text bold>Runs</Text>
        <Text wrap="wrap">
          No runs yet: a job appears here once it is started here or followed with fine-tune follow.
        </Text>
      </Box>
    );
  }
  // Title, blank, the details (7 lines and a blank), the rest for the list.
  const room = Math.max(1, height - 10);
  const first = Math.max(0, Math.min(state.cursor - Math.floor(room / 2), runs.length - room));
  const shown = runs.slice(first, first + room);
  const selected = runs[state.cursor];
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Runs · {runs.length} created or followed here
        <Text {...theme.muted}>
          {state.marked === undefined
            ? ' · c marks one to compare'
            : ` · A marked: c on another run compares the two`}
        </Text>
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {shown.map((run, i) => {
          const at = first + i === state.cursor;
          const loss = run.finalValidLoss ?? run.finalTrainLoss;
          return (
            <Text key={run.id} wrap="truncate" {...(at ? theme.accent : {})}>
              {at ? '› ' : '  '}
              {first + i === state.marked ? 'A ' : ''}
              {run.status.padEnd(10)} {loss === null ? '   -   ' : decimal(loss, 4).padEnd(7)} {title(run)}
            </Text>
          );
        })}
      </Box>
      {selected === undefined || height < 12 ? null : (
        <Box marginTop={1}>
          <Details run={selected} />
        </Box>
      )}
    </Box>
  );
}
