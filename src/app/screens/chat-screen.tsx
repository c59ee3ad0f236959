import { useEffect, useState, type Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import type { Connection } from '../../api/connect.js';
import { transcriptsDir } from '../../store/paths.js';
import { ChatTester } from '../chat/index.js';
import type { Services } from '../services.js';
import { theme } from '../theme.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';
import { jobFarewell } from '../farewells.js';
import { useKeys } from '../hooks/use-keys.js';

/** The chat tester on the model the job just made, through the wizard's connection. */
export function ChatScreen({
  state,
  dispatch,
  services,
}: {
  readonly state: Extract<WizardState, { screen: 'chat' }>;
  readonly dispatch: Dispatch<WizardAction>;
  readonly services: Services;
}) {
  const [connection, setConnection] = useState<Connection | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    let live = true;
    const provider = services.provider;
    if (provider === undefined) {
      setFailed(true);
      return;
    }
    provider.open(state.panel.record.provider).then(
      (c) => live && setConnection(c),
      () => live && setFailed(true),
    );
    return () => {
      live = false;
    };
  }, [services, state.panel.record.provider]);
  const model = state.panel.job.fine_tuned_model ?? '';
  const leave = (): void => dispatch({ type: 'quit', farewell: jobFarewell(state.panel) });
  // Without a connection the screen only says how to chat later: Esc goes back, any other key leaves.
  useKeys((_input, key) => (key.escape ? dispatch({ type: 'close-chat' }) : leave()), { isActive: failed });
  if (connection === null) {
    return failed ? (
      <Box flexDirection="column">
        <Text>Talk to the new model with:</Text>
        <Text {...theme.accent}>fine-tune chat {model}</Text>
      </Box>
    ) : (
      <Text {...theme.muted}>Opening the chat tester…</Text>
    );
  }
  return (
    <ChatTester
      connection={connection}
      model={model}
      baseModel={state.panel.record.model}
      jobRecord={state.panel.record}
      saveDir={transcriptsDir(services.env)}
      env={services.env}
      onExit={leave}
      onBack={() => dispatch({ type: 'close-chat' })}
    />
  );
}
