import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { wrapLines } from '../../core/wrap.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { displayPath } from '../format.js';
import { formatUsd, plural } from '../../core/numbers.js';
import { basename } from 'node:path';
import { trainMoreWarning, trainMoreWarningShort } from '../../core/corrections.js';
import { ProviderBadge } from '../components/provider-badge.js';
import {
  chosenModel,
  costOf,
  createCommandLine,
  examplesOf,
  fieldProblems,
  includedCorrections,
  fieldsOf,
  hyperparameters,
  isTextField,
  methodsFor,
  optionOf,
  optionValue,
  profileOfStep,
  type FieldName,
  type ModelStep,
} from '../state/model-step.js';
import type { ProviderProfile } from '../../api/providers/index.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { useKeys } from '../hooks/use-keys.js';
import { TextField } from '../components/text-field.js';

type ModelState = Extract<WizardState, { screen: 'model' }>;

interface FieldRow {
  readonly field: FieldName;
  readonly label: string;
  readonly range: string;
}

/** The rows of the options phase, labelled and ranged by the provider's row. */
function rowsOf(profile: ProviderProfile, step: ModelStep): readonly FieldRow[] {
  const h = profile.hyperparameters;
  const named: Record<string, Omit<FieldRow, 'field'>> = {
    suffix: { label: 'Suffix', range: `1–${profile.suffix.maxLength} of ${profile.suffix.allowed}` },
    method: { label: 'Method', range: '' },
    epochs: { label: h.epochs.label, range: h.epochs.range },
    batch: { label: h.batchSize.label, range: h.batchSize.range },
    lr: { label: h.learningRate.label, range: h.learningRate.range },
    corrections: { label: 'Corrections', range: '' },
  };
  return fieldsOf(profile, step.corrections !== null).map((field) => ({
    field,
    ...(named[field] ?? { label: optionOf(profile, field)?.label ?? field, range: '' }),
  }));
}

function valueOf(step: ModelStep, field: FieldName): string {
  if (isTextField(field)) return step[field];
  if (field === 'corrections') {
    const rows = plural(step.corrections?.rows ?? 0, 'row');
    return step.includeCorrections ? `include ${rows}` : `leave out ${rows}`;
  }
  const option = optionOf(profileOfStep(step), field);
  return option === undefined ? step.method : optionValue(step, option);
}

/** Suffix, method and hyperparameters (checked as typed), the estimate and the equivalent command. */
/**
 * The actions of a chunk of typed keys, in order: fast typing or a script can put several keys in one
 * read (`v2` then Enter). Text edits the field, DEL/BS erase, Tab moves on, and Enter as the last key
 * starts the job; a line break with more after it is a paste, and only its text is kept.
 */
function typedActions(chunk: string): WizardAction[] {
  const actions: WizardAction[] = [];
  let text = '';
  const flush = (): void => {
    if (text !== '') actions.push({ type: 'field-edit', typed: text });
    text = '';
  };
  const keys = [...chunk];
  for (const [index, char] of keys.entries()) {
    if (char === '\r' || char === '\n') {
      if (index === keys.length - 1) {
        flush();
        actions.push({ type: 'start-job' });
      }
    } else if (char === '\t') {
      flush();
      actions.push({ type: 'field-move', delta: 1 });
    } else if (char === '\u007f' || char === '\b') {
      flush();
      actions.push({ type: 'field-erase' });
    } else if (char >= ' ') text += char;
  }
  flush();
  return actions;
}

/** The muted line under the rows: what the focused field takes. */
function hintOf(step: ModelStep, field: FieldName, row: FieldRow | undefined): string {
  const profile = profileOfStep(step);
  const option = optionOf(profile, field);
  if (option !== undefined) return `${option.label}: ${option.help} (←→ to change)`;
  if (field === 'corrections' && step.corrections !== null) {
    return `Corrections: answers you corrected, from ${basename(step.corrections.path)} (←→ to change)`;
  }
  if (field === 'method') {
    return methodsFor(step.files.format).length > 1
      ? 'Method: ←→ to change'
      : 'Method: the only one for this data';
  }
  return row === undefined || row.range === '' ? '' : `${row.label}: ${row.range}`;
}

export function ModelOptions({
  state,
  dispatch,
  width,
  height,
  cwd,
}: {
  readonly state: ModelState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
  readonly cwd: string;
}) {
  useKeys((input, key) => {
    const action = actionFor('modelOptions', input, key);
    if (action === 'up') dispatch({ type: 'field-move', delta: -1 });
    else if (action === 'down') dispatch({ type: 'field-move', delta: 1 });
    else if (action === 'toggle') dispatch({ type: 'method-toggle' });
    else if (action === 'start') dispatch({ type: 'start-job' });
    else if (action === 'back') dispatch({ type: 'model-back' });
    else if (action === 'clear') dispatch({ type: 'field-erase', all: true });
    // The reducer applies typing to the field focused by then (a key typed right after ↓ included).
    else if (key.backspace || key.delete) {
      dispatch({ type: 'field-erase' });
    } else if (!key.ctrl && !key.meta && input !== '') {
      for (const typed of typedActions(input)) dispatch(typed);
    }
  });
  const model = chosenModel(state);
  if (model === undefined) return null;
  const problems = fieldProblems(state);
  const profile = profileOfStep(state);
  const local = profile.onThisMachine;
  const cost = costOf(state, state.analysis, model.id);
  const ready = Object.keys(problems).length === 0;
  const rows = rowsOf(profile, state);
  const hint = hintOf(
    state,
    state.field,
    rows.find((r) => r.field === state.field),
  );
  const training =
    cost === null
      ? null
      : `${plural(examplesOf(state), 'example')} · ≈${plural(
          Math.round(cost.billedTokens / cost.epochs),
          'token',
        )} × ${plural(cost.epochs, 'epoch')}${state.epochs === '' ? ' (auto)' : ''} · cost `;
  const price = local ? '$0.00 (local)' : cost === null ? '' : formatUsd(cost.usd);
  const command = createCommandLine(state, model.id, (path) => displayPath(path, cwd));
  const ending = ready ? ['Press enter to upload the data and start training.'] : Object.values(problems);
  // Every row, its hint, the estimate and what to do next come first; the equivalent command (also on
  // the written screen and in the farewell) only when the terminal has the lines for it.
  // Train more: the learning-rate and forgetting warning, above the command.
  const rate = hyperparameters(state).learningRate;
  const trainingLines = training === null ? 0 : wrapLines(`Training ${training}${price}`, width).length;
  const used0 =
    2 +
    rows.length +
    wrapLines(hint, width).length +
    1 +
    trainingLines +
    1 +
    ending.reduce((n, line) => n + wrapLines(`✗ ${line}`, width).length, 0);
  // The whole warning when it fits, else its one sentence, else that sentence in place of the estimate
  // (a local job costs nothing): what to do next must stay on screen.
  const full =
    state.trainMore === undefined
      ? null
      : trainMoreWarning(state.trainMore.from, rate, includedCorrections(state)?.rows ?? 0);
  const more =
    full === null || used0 + wrapLines(full, width).length <= height ? full : trainMoreWarningShort(rate);
  const moreLines = more === null ? 0 : wrapLines(more, width).length;
  // What to do next stays on screen: the estimate goes first when the rows and hint leave no room.
  const showTraining = training !== null && used0 + moreLines <= height;
  const used = used0 - (showTraining ? 0 : trainingLines);
  const commandLines = wrapLines(command, width).length + 1;
  const showCommand = used + moreLines + commandLines <= height;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" width={width}>
        <Text bold wrap="truncate">
          Train {model.id}
        </Text>
        {state.provider === null ? null : <ProviderBadge provider={state.provider.name} />}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {rows.map(({ field, label }) => {
          const focused = state.field === field;
          const value = valueOf(state, field);
          const problem = problems[field];
          return (
            <Text key={field} wrap="truncate">
              <Text {...(focused ? theme.accent : {})} bold={focused}>
                {focused ? '› ' : '  '}
                {label.padEnd(14)}
              </Text>
              {isTextField(field) ? (
                <TextField
                  value={value}
                  empty={profile.hyperparameters.acceptsAuto ? 'auto' : 'default'}
                  focused={focused}
                  room={Math.max(8, width - 20)}
                />
              ) : (
                <Text>{value}</Text>
              )}
              {problem !== undefined ? <Text {...theme.error}> ✗</Text> : null}
            </Text>
          );
        })}
        <Para {...theme.muted}>{hint}</Para>
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {training === null || !showTraining ? null : (
          <Para>
            <Text bold>Training </Text>
            {training}
            <Text {...theme.accent}>{price}</Text>
          </Para>
        )}
        {more === null ? null : <Para {...theme.warning}>{more}</Para>}
        {showCommand ? (
          <>
            <Text bold>Same as:</Text>
            <Para {...theme.accent}>{command}</Para>
          </>
        ) : null}
      </Box>
      <Box marginTop={1} flexDirection="column">
        {ready ? (
          <Para>{ending[0]}</Para>
        ) : (
          ending.map((problem) => (
            <Para key={problem} {...theme.error}>
              ✗ {problem}
            </Para>
          ))
        )}
      </Box>
    </Box>
  );
}
