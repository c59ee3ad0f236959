import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { actionFor } from '../keys.js';
import { eachKey } from '../key-bindings.js';
import { theme } from '../theme.js';
import { plural } from '../../core/numbers.js';
import { SelectList } from '../components/select-list.js';
import { useKeys } from '../hooks/use-keys.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

interface Props {
  readonly state: Extract<WizardState, { screen: 'pick-sheet' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
  readonly height: number;
}

/** A workbook of several sheets: which one holds the examples (each with the rows below its header). */
export function SheetScreen({ state, dispatch, width, height }: Props) {
  useKeys((input, key) => {
    for (const [one, oneKey] of eachKey(input, key)) {
      const action = actionFor('pickSheet', one, oneKey);
      if (action === 'up') dispatch({ type: 'sheet-move', delta: -1 });
      else if (action === 'down') dispatch({ type: 'sheet-move', delta: 1 });
      else if (action === 'choose') return dispatch({ type: 'sheet-choose' });
      else if (action === 'back') return dispatch({ type: 'other-file' });
      else if (action === 'quit') return dispatch({ type: 'quit' });
    }
  });
  const nameWidth = Math.min(
    Math.max(...state.sheets.map((s) => s.name.length)) + 2,
    Math.max(8, width - 22),
  );
  const items = state.sheets.map((sheet, i) => ({
    key: String(i),
    label: (
      <Text wrap="truncate">
        <Text bold={i === state.cursor} {...(i === state.cursor ? theme.accent : {})}>
          {(sheet.name.length > nameWidth - 1 ? `${sheet.name.slice(0, nameWidth - 2)}…` : sheet.name).padEnd(
            nameWidth,
          )}
        </Text>
        <Text {...theme.muted}>{plural(sheet.rows, 'row')}</Text>
      </Text>
    ),
  }));
  return (
    <Box flexDirection="column">
      <Text bold>This workbook has {state.sheets.length} sheets. Which one holds your examples?</Text>
      <Text {...theme.muted} wrap="truncate">
        Rows are counted below each sheet&apos;s first row, its header.
      </Text>
      <Box marginTop={1} flexDirection="column">
        <SelectList items={items} cursor={state.cursor} room={height - 6} />
      </Box>
    </Box>
  );
}
