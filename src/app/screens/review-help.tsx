import type { ReactNode } from 'react';
import { Box } from 'ink';
import { wrapLines } from '../../core/wrap.js';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
import { actionFor, helpFor } from '../keys.js';
import { theme } from '../theme.js';
import { useKeys } from '../hooks/use-keys.js';

/** What the review keys do and what the kinds of fixes mean. */
/** The help's prose, after the keys: each paragraph shown while the terminal has the lines for it. */
const PROSE: readonly { readonly plain: string; readonly body: ReactNode }[] = [
  {
    plain:
      'Each screen shows one problem found in your data, why it matters and the rows it touches (before in -, after in +, the change highlighted).',
    body: (
      <>
        Each screen shows one problem found in your data, why it matters and the rows it touches (before in{' '}
        <Text {...theme.removed}>-</Text>, after in <Text {...theme.added}>+</Text>, the change highlighted).
      </>
    ),
  },
  {
    plain:
      'Necessary fixes are needed for the data to be usable: they are applied; declining one stops without writing anything. Optional fixes are yours to accept or reject.',
    body: (
      <>
        <Text bold>Necessary</Text> fixes are needed for the data to be usable: they are applied; declining
        one stops without writing anything. <Text bold>Optional</Text> fixes are yours to accept or reject.
      </>
    ),
  },
  {
    plain: 'Your decisions are saved as you go: quit and reopen the same file to resume.',
    body: 'Your decisions are saved as you go: quit and reopen the same file to resume.',
  },
];

export function ReviewHelp({
  onClose,
  onQuit,
  width,
  height,
}: {
  readonly onClose: () => void;
  readonly onQuit: () => void;
  readonly width: number;
  readonly height: number;
}) {
  useKeys((input, key) => {
    const action = actionFor('help', input, key);
    if (action === 'close') onClose();
    else if (action === 'quit') onQuit();
  });
  const keys = helpFor('reviewOptional');
  // The keys first (the title, each key, a blank line), then as much of the prose as fits.
  let room =
    height - 1 - keys.reduce((n, h) => n + wrapLines(`${h.key.padEnd(6)}${h.text}`, width).length, 0) - 1;
  const prose = PROSE.filter((p) => {
    room -= wrapLines(p.plain, width).length;
    return room >= 0;
  });
  return (
    <Box flexDirection="column">
      <Text bold>Reviewing fixes</Text>
      {keys.map((h) => (
        <Para key={h.key}>
          <Text bold {...theme.accent}>
            {h.key.padEnd(6)}
          </Text>
          {h.text}
        </Para>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {prose.map((p) => (
          <Para key={p.plain}>{p.body}</Para>
        ))}
      </Box>
    </Box>
  );
}
