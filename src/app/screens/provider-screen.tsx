import type { Dispatch } from 'react';
import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { PROFILES, type ProviderProfile } from '../../api/providers/index.js';
import { sizeWords } from '../../core/provider-fit.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/use-keys.js';
import type { WizardAction, WizardState } from '../state/wizard-state.js';

type State = Extract<WizardState, { screen: 'provider' }>;

/** What a provider supports, in one line (the choice is easier with it in view). */
export function supportsLine(profile: ProviderProfile): string {
  const s = profile.supports;
  const yes = (ok: boolean, what: string) => `${ok ? '✓' : '✗'} ${what}`;
  return [
    `methods: ${s.methods.join(', ')}`,
    yes(s.pauseResume, 'pause'),
    yes(s.checkpoints, 'checkpoints'),
    `≥ ${profile.files.minExamples} examples`,
    `files ≤ ${sizeWords(profile.files.maxBytes)}`,
  ].join(' · ');
}

/** Several keys are set: which provider this folder uses (asked once, remembered). */
export function ProviderScreen({
  state,
  dispatch,
  width,
}: {
  readonly state: State;
  readonly dispatch: Dispatch<WizardAction>;
  readonly width: number;
}) {
  useKeys((input, key) => {
    const action = actionFor('providerChoice', input, key);
    if (action === 'up') dispatch({ type: 'provider-move', delta: -1 });
    else if (action === 'down') dispatch({ type: 'provider-move', delta: 1 });
    else if (action === 'choose') dispatch({ type: 'provider-choose' });
    else if (action === 'quit') dispatch({ type: 'quit' });
  });
  const under = PROFILES[state.candidates[state.cursor] ?? 'local'];
  const labelWidth = Math.max(...state.candidates.map((name) => PROFILES[name].label.length)) + 2;
  const keyOf = (profile: ProviderProfile) => profile.keyVars.join('/');
  const keyWidth = Math.max(...state.candidates.map((name) => keyOf(PROFILES[name]).length)) + 2;
  return (
    <Box flexDirection="column" width={width}>
      <Text bold>Which provider should this folder use?</Text>
      <Para {...theme.muted}>
        Keys for several providers are set. The choice is remembered for this folder; --provider or
        FINE_TUNE_PROVIDER overrides it.
      </Para>
      <Box flexDirection="column" marginTop={1}>
        {state.candidates.map((name, i) => {
          const profile = PROFILES[name];
          const selected = i === state.cursor;
          return (
            <Text key={name} wrap="truncate">
              <Text {...(selected ? theme.accent : {})} bold={selected}>
                {selected ? '› ' : '  '}
                {profile.label.padEnd(labelWidth)}
              </Text>
              <Text {...theme.muted}>{keyOf(profile).padEnd(keyWidth)}</Text>
              <Text>{profile.summary}</Text>
            </Text>
          );
        })}
      </Box>
      <Box marginTop={1} flexDirection="column">
        <Para {...theme.muted}>
          {under.label}: {supportsLine(under)}
        </Para>
        {state.chosen === null ? null : (
          <Text>Remembering {PROFILES[state.chosen].label} for this folder…</Text>
        )}
      </Box>
    </Box>
  );
}
