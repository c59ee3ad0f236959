import { basename } from 'node:path';
import { useRef, type Dispatch } from 'react';
import { Box, Text } from 'ink';
import type { ProviderName } from '../../api/provider.js';
import { nextStep, type InventoryItem } from '../../rescue/inventory.js';
import { daysWords, filesWords } from '../../rescue/words.js';
import { defaultFolder } from '../../rescue/state.js';
import { ErrorBox } from '../components/error-box.js';
import { ProviderBadge } from '../components/provider-badge.js';
import { displayPath, plural } from '../format.js';
import { useKeys } from '../hooks/use-keys.js';
import { actionFor } from '../keys.js';
import { completePath, editPath } from '../path-completion.js';
import type { Services } from '../services.js';
import { rescueKeyContext } from '../state/key-context.js';
import { chosenItem, currentNeed, type RescueView } from '../state/rescue-state.js';
import type { WizardAction } from '../state/wizard-state.js';
import { theme } from '../theme.js';
import { rescueFarewell } from './rescue-farewell.js';
import { CompareScreen } from './rescue-compare-screen.js';
import { GoldenScreen, TargetScreen } from './rescue-steps-screens.js';

export interface RescueProps<S extends RescueView['screen'] = RescueView['screen']> {
  readonly state: Extract<RescueView, { screen: S }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
  readonly width: number;
  readonly height: number;
}

/** The rescue path's screens (one per state); each takes its keys from the rescue rows of the table. */
export function RescueScreen(props: RescueProps) {
  const { state } = props;
  switch (state.screen) {
    case 'rescue-list':
      return <ListScreen {...props} state={state} />;
    case 'rescue-data':
      return <DataScreen {...props} state={state} />;
    case 'rescue-golden':
      return <GoldenScreen {...props} state={state} />;
    case 'rescue-target':
      return <TargetScreen {...props} state={state} />;
    case 'rescue-compare':
      return <CompareScreen {...props} state={state} />;
  }
}

/** `q` everywhere on the path: leave with the way back printed. */
export function quitRescue(props: {
  readonly state: RescueView;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
}): void {
  const farewell = rescueFarewell(props.state, props.services.cwd);
  props.dispatch(farewell === null ? { type: 'quit' } : { type: 'quit', farewell });
}

function hyperWords(item: InventoryItem): string {
  const h = item.job?.hyperparameters;
  if (!h) return '';
  const show = (v: number | 'auto' | null) => (v === null ? '?' : String(v));
  return `${show(h.nEpochs)} epochs · batch ${show(h.batchSize)} · lr ×${show(h.learningRateMultiplier)}`;
}

function ListScreen(props: RescueProps<'rescue-list'>) {
  const { state, dispatch, width, height, services } = props;
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    const action =
      context === 'rescueList'
        ? actionFor('rescueList', input, key)
        : actionFor('rescueListFailed', input, key);
    if (action === 'up') dispatch({ type: 'rescue-move', delta: -1 });
    else if (action === 'down') dispatch({ type: 'rescue-move', delta: 1 });
    else if (action === 'retry') dispatch({ type: 'rescue-retry' });
    else if (action === 'back') dispatch({ type: 'rescue-back' });
    else if (action === 'quit') quitRescue(props);
    else if (action === 'choose') {
      const item = chosenItem(state);
      if (item) dispatch({ type: 'rescue-choose', folder: defaultFolder(item.model, services.cwd) });
    }
  });
  const inventory = state.inventory;
  const heading = (
    <Box justifyContent="space-between" width={width}>
      <Text bold wrap="truncate">
        Rescue a fine-tuned model before it is shut down
      </Text>
      {inventory === null ? null : <ProviderBadge provider={inventory.provider as ProviderName} />}
    </Box>
  );
  if (state.error !== null) {
    return (
      <Box flexDirection="column">
        {heading}
        <ErrorBox error={state.error} title="Could not list your fine-tuned models" />
      </Box>
    );
  }
  if (inventory === null) {
    return (
      <Box flexDirection="column">
        {heading}
        <Text {...theme.muted}>Listing your fine-tuned models and the jobs that made them…</Text>
      </Box>
    );
  }
  const closes = inventory.trainingCloses;
  const item = chosenItem(state);
  // Heading, deadline, margin, list, margin, three lines of detail.
  const room = Math.max(2, height - 7);
  const start = Math.min(
    Math.max(0, state.cursor - Math.floor(room / 2)),
    Math.max(0, inventory.items.length - room),
  );
  const shown = inventory.items.slice(start, start + room);
  const idWidth = Math.max(12, Math.min(width - 24, Math.max(...shown.map((i) => i.model.length)) + 2));
  return (
    <Box flexDirection="column">
      {heading}
      {closes === null ? (
        <Text {...theme.muted} wrap="truncate">
          Soonest shutdown first. Each is kept in its own rescue folder.
        </Text>
      ) : (
        <Text {...(closes.daysLeft <= 7 ? theme.error : theme.warning)} wrap="truncate">
          {inventory.provider} stops creating fine-tuning jobs on {closes.date} ({daysWords(closes)}).
        </Text>
      )}
      <Box flexDirection="column" marginTop={1}>
        {inventory.items.length === 0 ? <Text>No fine-tuned models here: nothing to rescue.</Text> : null}
        {shown.map((it, i) => {
          const selected = start + i === state.cursor;
          const urgent = it.daysLeft !== null && it.daysLeft <= 14;
          const id = it.model.length > idWidth - 1 ? `${it.model.slice(0, idWidth - 2)}…` : it.model;
          return (
            <Text key={it.model} wrap="truncate">
              <Text {...(selected ? theme.accent : {})} bold={selected}>
                {selected ? '› ' : '  '}
                {id.padEnd(idWidth)}
              </Text>
              <Text {...(urgent ? theme.error : theme.muted)}>
                {it.shutdownDate === null ? daysWords(it) : `${it.shutdownDate} · ${daysWords(it)}`}
              </Text>
            </Text>
          );
        })}
      </Box>
      {item === undefined ? null : (
        <Box flexDirection="column" marginTop={1}>
          <Text {...theme.muted} wrap="truncate">
            {item.job === null
              ? 'No job found for it here.'
              : `Job ${item.job.id} · ${item.base} · ${hyperWords(item)}`}
          </Text>
          <Text {...theme.muted} wrap="truncate">
            Data: {filesWords(item)}
            {item.job?.trainedTokens
              ? ` · ${item.job.trainedTokens.toLocaleString('en-US')} tokens trained`
              : ''}
          </Text>
          <Text wrap="truncate">Next: {nextStep(item)}</Text>
        </Box>
      )}
    </Box>
  );
}

function DataScreen(props: RescueProps<'rescue-data'>) {
  const { state, dispatch, width, height, services } = props;
  const latest = useRef(state.path);
  latest.current = state.path;
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    if (context === 'rescueAsk') {
      const action = actionFor('rescueAsk', input, key);
      const path = latest.current;
      if (action === 'back') return dispatch({ type: 'rescue-back' });
      if (action === 'complete') {
        const done = completePath(path, services.cwd);
        latest.current = done.path;
        return dispatch({ type: 'rescue-path', path: done.path, candidates: done.candidates });
      }
      if (action === 'give')
        return path.trim() === '' ? undefined : dispatch({ type: 'rescue-give', path: path.trim() });
      if (key.ctrl || key.meta || key.upArrow || key.downArrow) return;
      const typed = editPath(path, key.backspace || key.delete ? '\u007f' : input, (p) =>
        completePath(p, services.cwd),
      );
      latest.current = typed.path;
      dispatch({
        type: 'rescue-path',
        path: typed.path,
        ...(typed.candidates ? { candidates: typed.candidates } : {}),
      });
      if (typed.open && typed.path.trim() !== '') dispatch({ type: 'rescue-give', path: typed.path.trim() });
      return;
    }
    const action =
      context === 'rescueKept'
        ? actionFor('rescueKept', input, key)
        : context === 'rescueDataFailed'
          ? actionFor('rescueDataFailed', input, key)
          : actionFor('rescueKeeping', input, key);
    if (action === 'next') dispatch({ type: 'rescue-next' });
    else if (action === 'retry') dispatch({ type: 'rescue-retry' });
    else if (action === 'back') dispatch({ type: 'rescue-back' });
    else if (action === 'quit') quitRescue(props);
  });
  const folder = displayPath(state.run.folder, services.cwd);
  const need = currentNeed(state);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        Keep the data that made the model
      </Text>
      <Text {...theme.muted} wrap="truncate-middle">
        Into {folder} (nothing there is ever overwritten)
      </Text>
      <Box flexDirection="column" marginTop={1}>
        {state.phase === 'keeping' ? <Text>Downloading and checking the job’s files…</Text> : null}
        {state.kept.map((file) => (
          <Text key={file.path} wrap="truncate">
            <Text {...theme.success}>✓ </Text>
            {basename(file.path)}{' '}
            <Text {...theme.muted}>
              · {plural(file.examples, 'example')} · sha256 {file.sha256.slice(0, 12)}… ·{' '}
              {file.reused ? 'already kept' : file.origin === 'downloaded' ? 'downloaded' : 'your copy'}
            </Text>
          </Text>
        ))}
        {state.phase === 'kept' ? (
          <Box marginTop={1}>
            <Text wrap="wrap">
              Kept. Next, the golden set: the model’s own answers to{' '}
              {state.run.saved?.data.validation
                ? 'the validation prompts'
                : 'prompts sampled from the training data'}
              , recorded while it still answers.
            </Text>
          </Box>
        ) : null}
        {state.phase === 'ask' && need !== undefined ? (
          <NeedField state={state} need={need} width={width} height={height} />
        ) : null}
        {state.phase === 'failed' && state.error !== null ? (
          <ErrorBox error={state.error} title="Could not keep the data" />
        ) : null}
      </Box>
    </Box>
  );
}

function NeedField({
  state,
  need,
  height,
}: {
  readonly state: Extract<RescueView, { screen: 'rescue-data' }>;
  readonly need: NonNullable<ReturnType<typeof currentNeed>>;
  readonly width: number;
  readonly height: number;
}) {
  const check = need.check;
  const expect =
    check.kind === 'exact'
      ? `It must be the file the job trained on: ${plural(check.examples, 'example')}, checked by SHA-256.`
      : check.kind === 'range'
        ? `It must have ${check.min === check.max ? check.min : `${check.min} to ${check.max}`} examples (${check.why}).`
        : `It is taken as it is: ${check.why}.`;
  const shown = state.candidates.slice(0, Math.max(0, height - 12));
  return (
    <Box flexDirection="column">
      <Text {...theme.warning} wrap="wrap">
        {need.fileId === null
          ? `No job was found: give the ${need.role} data.`
          : `The ${need.role} file ${need.fileId} is gone from the provider.`}{' '}
        Type the path of your own copy.
      </Text>
      <Text {...theme.muted} wrap="wrap">
        {expect}
      </Text>
      {state.error === null ? null : (
        <Text {...theme.error} wrap="wrap">
          {state.error.message}
        </Text>
      )}
      <Box marginTop={1}>
        <Text {...theme.accent}>› </Text>
        <Text>{state.path}</Text>
        <Text {...theme.accent}>▏</Text>
      </Box>
      {shown.map((c) => (
        <Text key={c} {...theme.muted}>
          {'  '}
          {c}
        </Text>
      ))}
    </Box>
  );
}
