import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import type { ModelInfo } from '../../api/models.js';
import { PROFILES } from '../../api/providers/table.js';
import { PROVIDER_NAMES, type ProviderName } from '../../core/provider-names.js';
import { defaultSeams, daysUntil, type RescueSeams } from '../../rescue/seams.js';
import { ErrorBox } from '../components/error-box.js';
import { ProviderBadge } from '../components/provider-badge.js';
import { useKeys } from '../hooks/use-keys.js';
import { actionAmong } from '../keys.js';
import { rescueKeyContext } from '../state/key-context.js';
import { fitOf } from '../state/model-step.js';
import { theme } from '../theme.js';
import { quitRescue, type RescueProps } from '../rescue-props.js';
import { basename } from 'node:path';
import type { KeptRecord, RescueState } from '../../rescue/state.js';

function isProviderName(name: string): name is ProviderName {
  return (PROVIDER_NAMES as readonly string[]).includes(name);
}

function providerNote(provider: string, seams: RescueSeams): string {
  const closes = seams.trainingClosesOn(provider);
  if (closes !== null) {
    const days = daysUntil(seams.today, closes);
    return days > 0 ? `takes new jobs until ${closes} (${days} days)` : `took its last jobs on ${closes}`;
  }
  return isProviderName(provider) ? PROFILES[provider].summary : '';
}

function modelLine(model: ModelInfo, format: Parameters<typeof fitOf>[1] | null): string {
  const fit = format === null ? 'fits' : fitOf(model, format);
  const words =
    fit === 'fits' ? 'fits your data' : fit === 'convert' ? 'data converted to chat' : 'other format';
  return `${words}${model.shutdownDate ? ` · until ${model.shutdownDate}` : ''}`;
}

/** `training.jsonl (800) · validation.jsonl (200)`: what the new job trains on. */
function dataWords(saved: RescueState | null): string {
  const one = (file: KeptRecord | null | undefined) =>
    file ? `${basename(file.path)} (${file.examples})` : null;
  return (
    [one(saved?.data.training), one(saved?.data.validation)].filter((w) => w !== null).join(' · ') || '–'
  );
}

/** Where to retrain: the provider, its base model, then the plan with what carries over. */
export function TargetScreen(props: RescueProps<'rescue-target'>) {
  const { state, dispatch, width, height, services } = props;
  useKeys((input, key) => {
    const context = rescueKeyContext(state);
    if (context === 'rescueStarting') return;
    const action = actionAmong(
      ['rescueTargetFailed', 'rescuePlan', 'rescueModels', 'rescueProviders'],
      context,
      input,
      key,
    );
    if (action === 'up') dispatch({ type: 'rescue-move', delta: -1 });
    else if (action === 'down') dispatch({ type: 'rescue-move', delta: 1 });
    else if (action === 'choose') dispatch({ type: 'rescue-choose', folder: state.run.folder });
    else if (action === 'start') dispatch({ type: 'rescue-next' });
    else if (action === 'retry') dispatch({ type: 'rescue-retry' });
    else if (action === 'back')
      dispatch(
        state.error !== null && state.phase === 'plan' ? { type: 'rescue-retry' } : { type: 'rescue-back' },
      );
    else if (action === 'quit') quitRescue(props);
  });
  const seams = services.rescueSeams ?? defaultSeams(services.today, services.shutdowns);
  const heading = (
    <Box justifyContent="space-between" width={width}>
      <Text bold wrap="truncate">
        Retrain it elsewhere
      </Text>
      {state.provider === null ? null : <ProviderBadge provider={state.provider} />}
    </Box>
  );
  if (state.error !== null) {
    return (
      <Box flexDirection="column">
        {heading}
        <ErrorBox
          error={state.error}
          title={state.phase === 'plan' ? 'Could not start the job' : 'Could not list the models'}
        />
      </Box>
    );
  }
  if (state.phase === 'starting' && state.plan === null) {
    return (
      <Box flexDirection="column">
        {heading}
        <Text>Finding the retraining job an earlier run created…</Text>
      </Box>
    );
  }
  if (state.phase === 'provider') {
    return (
      <Box flexDirection="column">
        {heading}
        <Text {...theme.muted}>Which provider should train the replacement?</Text>
        <Box flexDirection="column" marginTop={1}>
          {state.providers.map((provider, i) => {
            const selected = i === state.providerCursor;
            return (
              <Text key={provider} wrap="truncate">
                <Text {...(selected ? theme.accent : {})} bold={selected}>
                  {selected ? '› ' : '  '}
                  {provider.padEnd(10)}
                </Text>
                <Text {...theme.muted}>{providerNote(provider, seams)}</Text>
              </Text>
            );
          })}
        </Box>
      </Box>
    );
  }
  if (state.phase === 'models') {
    if (state.models === null) {
      return (
        <Box flexDirection="column">
          {heading}
          <Text {...theme.muted}>Listing {state.provider}’s base models…</Text>
        </Box>
      );
    }
    const room = Math.max(3, height - 4);
    const start = Math.min(
      Math.max(0, state.modelCursor - Math.floor(room / 2)),
      Math.max(0, state.models.length - room),
    );
    return (
      <Box flexDirection="column">
        {heading}
        <Text {...theme.muted}>Choose the base model of the replacement.</Text>
        <Box flexDirection="column" marginTop={1}>
          {state.models.length === 0 ? (
            <Text {...theme.warning}>This provider lists no base model to fine-tune.</Text>
          ) : null}
          {state.models.slice(start, start + room).map((model, i) => {
            const selected = start + i === state.modelCursor;
            return (
              <Text key={model.id} wrap="truncate">
                <Text {...(selected ? theme.accent : {})} bold={selected}>
                  {selected ? '› ' : '  '}
                  {model.id.padEnd(Math.min(34, width - 30))}{' '}
                </Text>
                <Text {...theme.muted}>{modelLine(model, state.run.format)}</Text>
              </Text>
            );
          })}
        </Box>
      </Box>
    );
  }
  const plan = state.plan;
  const h = plan?.hyperparameters;
  const show = (v: number | 'auto' | undefined) => (v === undefined ? 'auto' : String(v));
  return (
    <Box flexDirection="column">
      {heading}
      {plan === null ? (
        <Text {...theme.muted}>Working out what carries over…</Text>
      ) : (
        <Box flexDirection="column">
          <Text wrap="truncate">
            On <Text bold>{plan.model}</Text> ·{' '}
            {plan.conversion === 'to-chat' ? 'data converted to chat' : `${plan.format} data as kept`}
          </Text>
          <Text wrap="truncate">Data: {dataWords(state.run.saved)}</Text>
          <Text wrap="truncate">
            epochs {show(h?.nEpochs)} · batch size {show(h?.batchSize)} · lr multiplier{' '}
            {show(h?.learningRate)} · suffix {plan.suffix ?? 'none'}
          </Text>
          <Box flexDirection="column" marginTop={1}>
            {plan.notes.slice(1).map((note) => (
              <Para key={note} {...theme.muted}>
                · {note}
              </Para>
            ))}
          </Box>
          {plan.conversion === 'impossible' ? (
            <Text {...theme.error}>This base cannot train on this data: Esc to choose another.</Text>
          ) : (
            <Box marginTop={1}>
              <Text>
                {state.phase === 'starting'
                  ? 'Uploading the data and creating the job…'
                  : 'Enter uploads the kept data and starts the job; its manifest is written beside the data.'}
              </Text>
            </Box>
          )}
        </Box>
      )}
    </Box>
  );
}
