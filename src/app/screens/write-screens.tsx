import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionAmong, actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { displayPath, quoted, tailOf } from '../format.js';
import { wrapLines } from '../../core/wrap.js';
import { plural } from '../../core/numbers.js';
import { missingClassNotes } from '../../core/prepare/outputs.js';
import { trainCount } from '../../core/prepare/split.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import type { WriteResult } from '../engine.js';
import { createCommand, defaultModel, farewell } from '../farewells.js';
import { useKeys } from '../hooks/use-keys.js';

export function SplitScreen({
  state,
  dispatch,
}: {
  readonly state: Extract<WizardState, { screen: 'split' }>;
  readonly dispatch: Dispatch<WizardAction>;
}) {
  useKeys((input, key) => {
    const action = actionFor('split', input, key);
    if (action === 'yes') dispatch({ type: 'split', split: true });
    else if (action === 'stratify') dispatch({ type: 'split', split: true, stratify: true });
    else if (action === 'no') dispatch({ type: 'split', split: false });
    else if (action === 'back') dispatch({ type: 'back' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  // Counted by the writer's own pass once the screen is up; until then the file's examples, said so.
  const examples = state.kept ?? state.analysis.examples;
  const train = trainCount(examples);
  return (
    <Box flexDirection="column">
      <Text bold>Split into a training set and a validation set?</Text>
      <Para>
        This is classification data: a held-out validation set measures how well the model really classifies.
      </Para>
      <Para {...theme.muted}>
        {state.kept === undefined ? 'About ' : ''}
        {plural(train, 'example')} for training and {plural(Math.max(0, examples - train), 'example')} for
        validation{state.kept === undefined ? ' (counting what your fixes keep…)' : ''}. y draws them as
        OpenAI&apos;s old tool did (the same files); s makes sure every class has examples on both sides.
      </Para>
    </Box>
  );
}

export function WritingScreen() {
  return <Text>Writing the prepared data…</Text>;
}

/** What was written, what changed, and the command for the next step. */
export function WrittenScreen({
  state,
  dispatch,
  cwd,
  width,
  height,
}: {
  readonly state: Extract<WizardState, { screen: 'written' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly cwd: string;
  readonly width: number;
  readonly height: number;
}) {
  const { result, analysis } = state;
  const lines = result === null ? null : farewell(result, analysis.input, defaultModel(analysis), cwd);
  useKeys((input, key) => {
    const action = actionAmong(
      ['writtenFailed', 'written'],
      result === null ? 'writtenFailed' : 'written',
      input,
      key,
    );
    if (action === 'next') dispatch({ type: 'choose-model' });
    else if (action === 'quit') {
      dispatch(lines === null ? { type: 'quit' } : { type: 'quit', farewell: lines.join('\n') });
    }
  });
  if (result === null) {
    return (
      <Box flexDirection="column">
        <Text bold {...theme.error}>
          Could not write the prepared data
        </Text>
        <Para>{state.message}</Para>
        <Text>Your input file was not changed.</Text>
      </Box>
    );
  }
  const command = createCommand(result, analysis.input, defaultModel(analysis), cwd);
  const classification = result.classification;
  const role = (o: WriteResult['outputs'][number]): string =>
    ` (${plural(o.examples, 'example')}, ${o.role === 'all' ? 'all' : o.role === 'train' ? 'training' : 'validation'})`;
  const changed = `Changed: ${plural(result.removedRows, 'row')} removed · ${plural(result.modifiedRows, 'row')} modified${
    state.dropped.length > 0 ? ` (${plural(state.dropped.length, 'sample')} dropped by you)` : ''
  }`;
  const warnings = result.unchanged
    ? []
    : missingClassNotes(result).map((note, i, all) =>
        i === all.length - 1 ? `${note} (s at the split question; prepare --stratify)` : note,
      );
  const notes = [
    result.separator === null || result.separator === ''
      ? null
      : `When you use the model, end each prompt with ${quoted(result.separator)}.`,
    result.systemPrompt === null
      ? null
      : `Most examples open with the system message ${quoted(result.systemPrompt)}: the chat tester and eval send it too.`,
    result.stop === null || result.stop === '' ? null : `Stop generating at ${quoted(result.stop)}.`,
    classification === null
      ? null
      : `${plural(classification.nClasses, 'class', 'classes')}${
          classification.positiveClass === null
            ? ''
            : `; positive class ${quoted(classification.positiveClass)}`
        }.`,
  ].filter((note): note is string => note !== null);
  const tall = (texts: readonly string[]): number =>
    texts.reduce((n, t) => n + wrapLines(t, width).length, 0);
  // What was written and what to do next always show; the command (printed again on leaving) when it fits.
  const used =
    1 + (result.unchanged ? 0 : result.outputs.length + tall([changed, ...warnings])) + 1 + tall(notes) + 2;
  const withCommand = used + wrapLines(command, width).length <= height;
  return (
    <Box flexDirection="column">
      {result.unchanged ? (
        <Text bold {...theme.success}>
          ✓ Nothing needed fixing: the file can be used as it is.
        </Text>
      ) : (
        <>
          <Text bold {...theme.success}>
            ✓ Wrote {plural(result.outputs.length, 'file')}
          </Text>
          {result.outputs.map((o) => (
            <Text key={o.path} wrap="truncate">
              {'  '}
              {tailOf(displayPath(o.path, cwd), width - 2 - role(o).length)}
              <Text {...theme.muted}>{role(o)}</Text>
            </Text>
          ))}
          <Para>{changed}</Para>
          {warnings.map((note) => (
            <Para key={note} {...theme.warning}>
              {note}
            </Para>
          ))}
        </>
      )}
      <Box flexDirection="column" marginTop={1}>
        {notes.map((note) => (
          <Para key={note}>{note}</Para>
        ))}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {withCommand ? (
          <>
            <Text bold>Next: train a model on it (enter), or later with</Text>
            <Para {...theme.accent}>{command}</Para>
          </>
        ) : (
          <Para bold>Next: train a model on it (enter); q leaves with the command to do it later.</Para>
        )}
      </Box>
    </Box>
  );
}
