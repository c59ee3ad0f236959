import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { displayPath } from '../format.js';
import { DraftView } from '../chat/draft-view.js';
import { editDraft, EMPTY_DRAFT, type Draft } from '../chat/text-edit.js';
import { useLiveState } from '../chat/use-live-state.js';
import { useKeys } from '../hooks/use-keys.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

type ExistsState = Extract<WizardState, { screen: 'exists' }>;

/**
 * The prepared files would replace earlier ones: overwrite them, or write under another name (a free
 * one is offered). Earlier versions added ` (1)`, ` (2)`, … to the name, and such files piled up.
 */
export function ExistsScreen({
  state,
  dispatch,
  cwd,
  width,
}: {
  readonly state: ExistsState;
  readonly dispatch: Dispatch<WizardAction>;
  readonly cwd: string;
  readonly width: number;
}) {
  useKeys(
    (input, key) => {
      const action = actionFor('exists', input, key);
      if (action === 'overwrite') dispatch({ type: 'output-choice', choice: 'overwrite' });
      else if (action === 'name') dispatch({ type: 'output-choice', choice: 'name' });
      else if (action === 'back') dispatch({ type: 'output-choice', choice: 'back' });
      else if (action === 'quit') dispatch({ type: 'quit' });
    },
    { isActive: !state.naming },
  );
  const many = state.paths.length > 1;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>{many ? 'These files exist already:' : 'This file exists already:'}</Text>
      {state.paths.map((path) => (
        <Text key={path} {...theme.accent} wrap="truncate-middle">
          {'  '}
          {displayPath(path, cwd)}
        </Text>
      ))}
      <Para>Overwrite {many ? 'them' : 'it'} with the new preparation, or write under another name?</Para>
      {state.naming ? (
        <NameField suggestion={state.suggestion} split={state.split} dispatch={dispatch} />
      ) : null}
    </Box>
  );
}

function NameField({
  suggestion,
  split,
  dispatch,
}: {
  readonly suggestion: string;
  readonly split: boolean;
  readonly dispatch: Dispatch<WizardAction>;
}) {
  const [draft, setDraft, draftNow] = useLiveState<Draft>({ text: suggestion, cursor: suggestion.length });
  useKeys((input, key) => {
    const action = actionFor('existsName', input, key);
    if (action === 'save') return dispatch({ type: 'output-name', name: draftNow.current.text });
    if (action === 'close') return dispatch({ type: 'output-choice', choice: 'ask' });
    if (action === 'clear') return setDraft(EMPTY_DRAFT);
    // One line: a name has no line breaks.
    if (key.return) return;
    const next = editDraft(draftNow.current, input, key);
    if (next) setDraft({ ...next, text: next.text.replace(/\n/g, '') });
  });
  const name = draft.text.trim().replace(/\.jsonl$/i, '');
  const files = split ? `${name}_train.jsonl and ${name}_valid.jsonl` : `${name}.jsonl`;
  return (
    <Box flexDirection="column" marginTop={1}>
      <Text>The name of the prepared data, beside the input:</Text>
      <DraftView draft={draft} active placeholder={suggestion} />
      <Text {...theme.muted} wrap="truncate-end">
        {name === '' || /[\\/]/.test(name) ? 'A name, without folders.' : `Writes ${files}.`}
      </Text>
    </Box>
  );
}
