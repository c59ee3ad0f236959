import type { Dispatch } from 'react';
import { Box, Text } from 'ink';
import { Para } from '../components/para.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { displayPath } from '../format.js';
import { formatUsd, plural } from '../../core/numbers.js';
import { trainingExamples } from '../../core/prepare/outputs.js';
import { ProviderBadge } from '../components/provider-badge.js';
import {
  chosenModel,
  costOf,
  createCommandLine,
  fieldProblems,
  methodsFor,
  type FieldName,
  type ModelStep,
} from '../state/model-step.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { useKeys } from '../hooks/use-keys.js';

type ModelState = Extract<WizardState, { screen: 'model' }>;

const LABELS: ReadonlyArray<{ readonly field: FieldName; readonly label: string; readonly range: string }> = [
  { field: 'suffix', label: 'Suffix', range: '1–64 of letters, digits, - _ .' },
  { field: 'method', label: 'Method', range: '' },
  { field: 'epochs', label: 'Epochs', range: '1–50' },
  { field: 'batch', label: 'Batch size', range: '1–256' },
  { field: 'lr', label: 'LR multiplier', range: '> 0' },
];

/** The end of a long value, so the cursor and the marks stay on screen. */
function shorten(text: string, room: number): string {
  return text.length <= room ? text : `…${text.slice(text.length - room + 1)}`;
}

function valueOf(step: ModelStep, field: FieldName): string {
  return field === 'method' ? step.method : step[field];
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

export function ModelOptions({
  state,
  dispatch,
  width,
  cwd,
}: {
  readonly state: ModelState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
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
  const local = state.provider?.name === 'local';
  const cost = costOf(state, state.analysis, model.id);
  const methods = methodsFor(state.files.format);
  const ready = Object.keys(problems).length === 0;
  return (
    <Box flexDirection="column">
      <Box justifyContent="space-between" width={width}>
        <Text bold wrap="truncate">
          Train {model.id}
        </Text>
        {state.provider === null ? null : <ProviderBadge provider={state.provider.name} />}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {LABELS.map(({ field, label, range }) => {
          const focused = state.field === field;
          const value = valueOf(state, field);
          const problem = problems[field];
          return (
            <Text key={field} wrap="truncate">
              <Text {...(focused ? theme.accent : {})} bold={focused}>
                {focused ? '› ' : '  '}
                {label.padEnd(14)}
              </Text>
              {value === '' ? <Text {...theme.muted}>auto</Text> : <Text>{shorten(value, width - 40)}</Text>}
              {focused && field !== 'method' ? <Text {...theme.accent}>▏</Text> : null}
              {problem !== undefined ? (
                <Text {...theme.error}> ✗</Text>
              ) : field === 'method' ? (
                <Text {...theme.muted}>
                  {' '}
                  {methods.length > 1 ? '(←→ to change)' : '(the only one for this data)'}
                </Text>
              ) : (
                <Text {...theme.muted}> {range}</Text>
              )}
            </Text>
          );
        })}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {cost === null ? null : (
          <Text wrap="truncate">
            <Text bold>Training </Text>
            {plural(trainingExamples(state.result), 'example')} · ≈
            {plural(Math.round(cost.billedTokens / cost.epochs), 'token')} × {plural(cost.epochs, 'epoch')}
            {state.epochs === '' ? ' (auto)' : ''} · cost{' '}
            <Text {...theme.accent}>{local ? '$0.00 (local)' : formatUsd(cost.usd)}</Text>
          </Text>
        )}
        <Text bold>Same as:</Text>
        <Para {...theme.accent}>{createCommandLine(state, model.id, (path) => displayPath(path, cwd))}</Para>
      </Box>
      <Box marginTop={1}>
        {ready ? (
          <Text>Press enter to upload the data and start training.</Text>
        ) : (
          <Box flexDirection="column">
            {Object.values(problems).map((problem) => (
              <Text key={problem} {...theme.error} wrap="truncate">
                ✗ {problem}
              </Text>
            ))}
          </Box>
        )}
      </Box>
    </Box>
  );
}
