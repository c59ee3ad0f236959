import { Box } from 'ink';
import { Text } from '../components/text.js';
import type { ProviderName } from '../../api/provider.js';
import { nextStep, type InventoryItem } from '../../rescue/inventory.js';
import { daysWords, filesWords } from '../../rescue/words.js';
import { defaultFolder } from '../../rescue/state.js';
import { ErrorBox } from '../components/error-box.js';
import { ProviderBadge } from '../components/provider-badge.js';
import { useKeys } from '../hooks/use-keys.js';
import { actionAmong } from '../keys.js';
import { rescueKeyContext } from '../state/key-context.js';
import { chosenItem } from '../state/rescue-state.js';
import { theme } from '../theme.js';
import { quitRescue, type RescueProps } from '../rescue-props.js';
import { tailOf } from '../format.js';
import { wrapLines } from '../../core/wrap.js';
import { Para } from '../components/para.js';

function hyperWords(item: InventoryItem): string {
  const h = item.job?.hyperparameters;
  if (!h) return '';
  const show = (v: number | 'auto' | null) => (v === null ? '?' : String(v));
  return `${show(h.nEpochs)} epochs · batch ${show(h.batchSize)} · lr ×${show(h.learningRate)}`;
}

export function ListScreen(props: RescueProps<'rescue-list'>) {
  const { state, dispatch, width, height, services } = props;
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    const action = actionAmong(['rescueList', 'rescueListFailed'], context, input, key);
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
  const deadline =
    closes === null
      ? 'Soonest shutdown first. Each is kept in its own rescue folder.'
      : `${inventory.provider} stops creating fine-tuning jobs on ${closes.date} (${daysWords(closes)}).`;
  // Heading, deadline, margin, list, margin, three lines of detail.
  const room = Math.max(2, height - 6 - wrapLines(deadline, width).length);
  const start = Math.min(
    Math.max(0, state.cursor - Math.floor(room / 2)),
    Math.max(0, inventory.items.length - room),
  );
  const shown = inventory.items.slice(start, start + room);
  // A narrow terminal keeps the days left and the end of each id (its suffix and id: what tells them apart).
  const when = (it: InventoryItem): string =>
    it.shutdownDate === null || width < 80 ? daysWords(it) : `${it.shutdownDate} · ${daysWords(it)}`;
  const whenWidth = Math.max(0, ...shown.map((it) => when(it).length));
  const idWidth = Math.max(
    12,
    Math.min(width - 3 - whenWidth, Math.max(...shown.map((i) => i.model.length)) + 2),
  );
  return (
    <Box flexDirection="column">
      {heading}
      <Para {...(closes === null ? theme.muted : closes.daysLeft <= 7 ? theme.error : theme.warning)}>
        {deadline}
      </Para>
      <Box flexDirection="column" marginTop={1}>
        {inventory.items.length === 0 ? <Text>No fine-tuned models here: nothing to rescue.</Text> : null}
        {shown.map((it, i) => {
          const selected = start + i === state.cursor;
          const urgent = it.daysLeft !== null && it.daysLeft <= 14;
          const id = tailOf(it.model, idWidth - 1);
          return (
            <Text key={it.model} wrap="truncate">
              <Text {...(selected ? theme.accent : {})} bold={selected}>
                {selected ? '› ' : '  '}
                {id.padEnd(idWidth)}
              </Text>
              <Text {...(urgent ? theme.error : theme.muted)}>{when(it)}</Text>
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
