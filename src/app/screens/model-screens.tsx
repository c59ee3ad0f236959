import { useRef, type Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { describeConversion } from '../../core/convert.js';
import type { ModelInfo } from '../../api/models.js';
import { actionFor } from '../keys.js';
import { eachKey } from '../key-bindings.js';
import { theme } from '../theme.js';
import { displayPath } from '../format.js';
import { plural } from '../../core/numbers.js';
import { trainingExamples } from '../../core/prepare/outputs.js';
import { chatPathOf } from '../../core/convert-files.js';
import { ErrorBox } from '../components/error-box.js';
import { ProviderBadge } from '../components/provider-badge.js';
import { chosenModel, dataFit, fitOf, type Fit } from '../state/model-step.js';
import { endText } from '../../core/shutdowns.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { ModelOptions } from './model-options.js';
import { modelFarewell } from '../farewells.js';
import { useKeys } from '../hooks/use-keys.js';
import { SelectList } from '../components/select-list.js';

type ModelState = Extract<WizardState, { screen: 'model' }>;
interface Props {
  readonly state: ModelState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
  readonly cwd: string;
}

const FORMAT_WORDS = { 'prompt-completion': 'prompt/completion', chat: 'chat', preference: 'preference' };

function fitWords(model: ModelInfo, fit: Fit): string {
  if (!model.fineTunable) return model.shutDown ? 'shut down' : 'not tunable';
  if (fit === 'fits') return model.kind === 'fine-tuned' ? 'yours · fits' : 'fits your data';
  if (fit === 'convert') return 'converts to chat';
  return 'other format';
}

/** The soonest day still ahead when it stops training or answering (the row has room for one date). */
function soonestEnd(model: ModelInfo, today: string): string | null {
  const ahead = [model.trainingEnds, model.answeringEnds]
    .filter((end) => end !== null && end.date > today)
    .map((end) => end?.date ?? '')
    .sort();
  return ahead[0] ?? null;
}

/** Everything about the model under the cursor, in one sentence (the rows only have room for a word). */
function detailOf(model: ModelInfo, fit: Fit, today: string): string {
  const what =
    model.kind === 'fine-tuned'
      ? 'your fine-tuned model: a new job continues its training'
      : model.kind === 'base'
        ? 'a base model'
        : 'not a base for fine-tuning';
  const formats = model.formats.map((f) => FORMAT_WORDS[f]).join(' or ');
  const takes = formats === '' ? '' : ` · trains on ${formats} data`;
  const convert = fit === 'convert' ? ' (yours is converted, as one more fix)' : '';
  // The radar's dates with the days left: when training on it ends, when it stops answering.
  const ends = (
    [
      ['training ends', model.trainingEnds],
      ['answers until', model.answeringEnds],
    ] as const
  )
    .filter(([, end]) => end !== null)
    .map(([label, end]) => ` · ${label} ${endText(end, today)}`)
    .join('');
  return `${model.id}: ${what}${takes}${convert}${ends}.`;
}

/** The model step: pick, accept the conversion when needed, then options and confirm. */
export function ModelScreen(props: Props) {
  switch (props.state.phase) {
    case 'pick':
      return <PickModel {...props} />;
    case 'convert':
      return <ConvertOffer {...props} />;
    case 'options':
      return <ModelOptions {...props} />;
  }
}

/** As from the written screen: the files and the command that trains on them (with the model chosen). */
function PickModel({ state, dispatch, width, height, cwd }: Props) {
  const quit = (): void => dispatch({ type: 'quit', farewell: modelFarewell(state, state.analysis, cwd) });
  useKeys((input, key) => {
    if (state.loadError !== null) {
      const action = actionFor('modelFailed', input, key);
      if (action === 'retry') dispatch({ type: 'models-retry' });
      else if (action === 'back') dispatch({ type: 'model-back' });
      else if (action === 'quit') quit();
      return;
    }
    // One chunk can hold several keys (`j` then Enter typed fast): each counts.
    for (const [one, oneKey] of eachKey(input, key)) {
      const action = actionFor('modelPick', one, oneKey);
      if (action === 'up') dispatch({ type: 'model-move', delta: -1 });
      else if (action === 'down') dispatch({ type: 'model-move', delta: 1 });
      else if (action === 'choose') return dispatch({ type: 'model-choose' });
      else if (action === 'back') return dispatch({ type: 'model-back' });
      else if (action === 'quit') return quit();
    }
  });
  const format = state.files.format;
  const heading = (
    <Box justifyContent="space-between" width={width}>
      <Text bold>Choose the base model</Text>
      {state.provider === null ? null : <ProviderBadge provider={state.provider.name} />}
    </Box>
  );
  if (state.loadError !== null) {
    return (
      <Box flexDirection="column">
        {heading}
        <ErrorBox error={state.loadError} title="Could not list the provider's models" />
      </Box>
    );
  }
  if (state.models === null) {
    return (
      <Box flexDirection="column">
        {heading}
        <Text {...theme.muted}>Connecting to the provider…</Text>
      </Box>
    );
  }
  // The provider's file rules the data breaks (the format is judged per model, in the rows).
  const fitLines = dataFit(state).filter((p) => p.id !== 'convert-to-chat' && p.id !== 'format-not-taken');
  // Heading, reason, data line, fit lines, a margin, and the detail sentence (two lines, a margin) below.
  const room = Math.max(3, height - 8 - fitLines.length);
  // Room for the fit words after the id; a longer id is cut with … so one space always follows it.
  const idWidth = Math.min(width - 30, Math.max(12, ...state.models.map((m) => m.id.length)) + 2);
  const idText = (id: string): string =>
    (id.length > idWidth - 1 ? `${id.slice(0, idWidth - 2)}…` : id).padEnd(idWidth);
  const chosen = chosenModel(state);
  return (
    <Box flexDirection="column">
      {heading}
      <Text {...theme.muted} wrap="truncate">
        {state.provider?.reason}
      </Text>
      <Text wrap="truncate">
        Your data: {FORMAT_WORDS[format]} · {plural(trainingExamples(state.result), 'training example')}
      </Text>
      {fitLines.map((problem) => (
        <Text
          key={problem.id}
          {...(problem.level === 'blocker' ? theme.error : theme.warning)}
          wrap="truncate"
        >
          {problem.level === 'blocker' ? '✗' : '!'} {problem.message}
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {state.models.length === 0 ? <Text {...theme.warning}>This provider lists no models.</Text> : null}
        <SelectList
          items={state.models.map((model, i) => {
            const selected = i === state.cursor;
            const fit = fitOf(model, format);
            const usable = model.fineTunable && fit !== 'no';
            const tone = usable ? (fit === 'convert' ? theme.warning : theme.success) : theme.muted;
            const end = model.shutDown ? null : soonestEnd(model, state.today);
            const shutdown = end === null ? '' : ` · until ${end}`;
            return {
              key: model.id,
              label: (
                <Text wrap="truncate">
                  <Text {...(selected ? theme.accent : {})} bold={selected}>
                    {idText(model.id)}
                  </Text>
                  <Text {...tone}>{fitWords(model, fit)}</Text>
                  <Text {...theme.muted}>{shutdown}</Text>
                </Text>
              ),
            };
          })}
          cursor={state.cursor}
          room={room}
        />
      </Box>
      {chosen === undefined ? null : (
        <Box marginTop={1}>
          <Para {...theme.muted}>{detailOf(chosen, fitOf(chosen, format), state.today)}</Para>
        </Box>
      )}
    </Box>
  );
}

function ConvertOffer({ state, dispatch, cwd }: Props) {
  const busy = useRef(false);
  busy.current = state.converting;
  useKeys((input, key) => {
    if (busy.current) return;
    const action = actionFor('modelConvert', input, key);
    if (action === 'yes') dispatch({ type: 'convert', accept: true });
    else if (action === 'no') dispatch({ type: 'convert', accept: false });
    else if (action === 'quit')
      dispatch({ type: 'quit', farewell: modelFarewell(state, state.analysis, cwd) });
  });
  const model = chosenModel(state);
  const options = {
    ...(state.files.separator ? { separator: state.files.separator } : {}),
    ...(state.files.stop ? { ending: state.files.stop } : {}),
  };
  const targets = [state.files.train, ...(state.files.valid === null ? [] : [state.files.valid])];
  return (
    <Box flexDirection="column">
      <Text bold>One more fix: convert the data to chat messages</Text>
      <Para>
        {model?.id} is a chat model and your data is prompt/completion. Each prompt becomes a user message and
        each completion the assistant&apos;s reply.
      </Para>
      <Para {...theme.muted}>{describeConversion(options)}</Para>
      <Box flexDirection="column" marginTop={1}>
        <Text>Writes, next to the prepared data (which stays as it is):</Text>
        {targets.map((path) => (
          <Text key={path} {...theme.accent} wrap="truncate-middle">
            {'  '}
            {displayPath(chatPathOf(path), cwd)}
          </Text>
        ))}
      </Box>
      {state.converting ? <Text>Converting…</Text> : null}
      {state.convertError === null ? null : (
        <Para {...theme.error}>Could not convert: {state.convertError}</Para>
      )}
    </Box>
  );
}
