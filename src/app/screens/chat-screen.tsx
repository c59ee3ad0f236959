import type { Dispatch } from 'react';
import { Box, Text, useInput } from 'ink';
import type { Services } from '../services.js';
import { theme } from '../theme.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { jobFarewell } from './job-screens.js';

/** The chat tester on the new model (until it is embedded: the command that opens it). */
export function ChatScreen({
  state,
  dispatch,
}: {
  readonly state: Extract<WizardState, { screen: 'chat' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
}) {
  useInput(() => dispatch({ type: 'quit', farewell: jobFarewell(state.panel) }));
  const model = state.panel.job.fine_tuned_model ?? '';
  return (
    <Box flexDirection="column">
      <Text>Talk to the new model with:</Text>
      <Text {...theme.accent}>fine-tune chat {model}</Text>
    </Box>
  );
}
