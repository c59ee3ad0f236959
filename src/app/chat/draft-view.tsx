import { Box } from 'ink';
import { Text } from '../components/text.js';
import type { Draft } from './text-edit.js';
import { theme } from './chat-theme.js';

/** Lines of the message box kept on screen; longer drafts scroll to the cursor's line. */
const MAX_LINES = 5;

/** The multi-line message box: a `›` prompt, the text, and an inverse cell for the cursor. */
export function DraftView({
  draft,
  active,
  placeholder,
}: {
  readonly draft: Draft;
  readonly active: boolean;
  readonly placeholder: string;
}) {
  const before = draft.text.slice(0, draft.cursor);
  const lines = draft.text.split('\n');
  const cursorLine = before.split('\n').length - 1;
  const cursorCol = before.length - before.lastIndexOf('\n') - 1;
  const first = Math.max(0, Math.min(cursorLine - MAX_LINES + 1, lines.length - MAX_LINES));
  const shown = lines.slice(first, first + MAX_LINES);
  if (draft.text === '') {
    return (
      <Box>
        <Text {...theme.accent}>› </Text>
        {active ? <Text inverse> </Text> : null}
        <Text {...theme.muted}>{placeholder}</Text>
      </Box>
    );
  }
  return (
    <Box flexDirection="column">
      {shown.map((line, i) => {
        const index = first + i;
        const prefix = index === 0 ? '› ' : '  ';
        if (!active || index !== cursorLine) {
          return (
            <Text key={index}>
              <Text {...theme.accent}>{prefix}</Text>
              {line}
            </Text>
          );
        }
        return (
          <Text key={index}>
            <Text {...theme.accent}>{prefix}</Text>
            {line.slice(0, cursorCol)}
            <Text inverse>{line[cursorCol] ?? ' '}</Text>
            {line.slice(cursorCol + 1)}
          </Text>
        );
      })}
    </Box>
  );
}
