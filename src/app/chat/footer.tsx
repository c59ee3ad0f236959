import { Box, Text, useStdout } from 'ink';
import { chatHints, type ChatKeyContext } from './chat-keys.js';
import { theme } from './chat-theme.js';

interface Hint {
  readonly key: string;
  readonly label: string;
}

/** Greedy lines of hints that fit `width`; at most `maxLines`, the rest dropped. */
export function hintLines(hints: readonly Hint[], width: number, maxLines: number): Hint[][] {
  const lines: Hint[][] = [[]];
  let used = 0;
  for (const hint of hints) {
    let line = lines[lines.length - 1] ?? [];
    let cost = hint.key.length + 1 + hint.label.length + (line.length > 0 ? 3 : 0);
    if (used + cost > width - 1 && line.length > 0) {
      if (lines.length >= maxLines) break;
      line = [];
      lines.push(line);
      used = 0;
      cost -= 3;
    }
    line.push(hint);
    used += cost;
  }
  return lines;
}

/** The keys of the panel that owns the keyboard, rendered from the key table (two lines at most). */
export function Footer({ context }: { readonly context: ChatKeyContext }) {
  const { stdout } = useStdout();
  const width = stdout.columns > 0 ? stdout.columns : 80;
  return (
    <Box flexDirection="column">
      {hintLines(chatHints(context), width, 2).map((line, n) => (
        <Text key={n} wrap="truncate">
          {line.map((hint, i) => (
            <Text key={hint.key + hint.label}>
              {i > 0 ? <Text {...theme.muted}> · </Text> : null}
              <Text bold {...theme.accent}>
                {hint.key}
              </Text>
              <Text {...theme.muted}> {hint.label}</Text>
            </Text>
          ))}
        </Text>
      ))}
    </Box>
  );
}
