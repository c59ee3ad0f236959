import { Box, Text } from 'ink';
import { hintsFor, type KeyContext } from '../keys.js';
import { theme } from '../theme.js';

/** The keys that work on the current screen, rendered from the key table; drops hints that do not fit. */
export function Footer({ context, width }: { readonly context: KeyContext; readonly width: number }) {
  const hints = hintsFor(context);
  const shown: Array<{ key: string; label: string }> = [];
  let used = 0;
  for (const hint of hints) {
    const cost = hint.key.length + 1 + hint.label.length + (shown.length > 0 ? 3 : 0);
    if (used + cost > width - 1) break;
    shown.push(hint);
    used += cost;
  }
  return (
    <Box>
      <Text wrap="truncate">
        {shown.map((hint, i) => (
          <Text key={hint.key + hint.label}>
            {i > 0 ? <Text {...theme.muted}> · </Text> : null}
            <Text bold {...theme.accent}>
              {hint.key}
            </Text>
            <Text {...theme.muted}> {hint.label}</Text>
          </Text>
        ))}
      </Text>
    </Box>
  );
}
