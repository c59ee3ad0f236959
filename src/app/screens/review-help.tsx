import { Box } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionFor, helpFor } from '../keys.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/use-keys.js';

/** What the review keys do and what the kinds of fixes mean. */
export function ReviewHelp({ onClose }: { readonly onClose: () => void }) {
  useKeys((input, key) => {
    if (actionFor('help', input, key) === 'close') onClose();
  });
  return (
    <Box flexDirection="column">
      <Text bold>Reviewing fixes</Text>
      <Para>
        Each screen shows one problem found in your data, why it matters and the rows it touches (before in{' '}
        <Text {...theme.removed}>-</Text>, after in <Text {...theme.added}>+</Text>, the change highlighted).
      </Para>
      <Para>
        <Text bold>Necessary</Text> fixes are needed for the data to be usable: they are applied; declining
        one stops without writing anything. <Text bold>Optional</Text> fixes are yours to accept or reject.
      </Para>
      <Para>Your decisions are saved as you go: quit and reopen the same file to resume.</Para>
      <Box flexDirection="column" marginTop={1}>
        {helpFor('reviewOptional').map((h) => (
          <Text key={h.key}>
            <Text bold {...theme.accent}>
              {h.key.padEnd(6)}
            </Text>
            {h.text}
          </Text>
        ))}
      </Box>
    </Box>
  );
}
