import { Box } from 'ink';
import { Text } from './text.js';
import type { Hint } from '../key-bindings.js';
import { theme } from '../theme.js';

const count = (lines: readonly (readonly Hint[])[]): number => lines.reduce((n, l) => n + l.length, 0);

/**
 * Greedy lines of hints that fit `width`; at most `maxLines`. When some must be dropped, the table's last
 * hint (the way out: quit, back, cancel) stays and the ones before it give way.
 */
export function hintLines(hints: readonly Hint[], width: number, maxLines: number): Hint[][] {
  const all = greedyLines(hints, width, maxLines);
  const shown = count(all);
  const last = hints.at(-1);
  if (shown === hints.length || last === undefined) return all;
  for (let keep = Math.min(shown, hints.length - 2); keep >= 0; keep--) {
    const lines = greedyLines([...hints.slice(0, keep), last], width, maxLines);
    if (count(lines) === keep + 1) return lines;
  }
  return all;
}

function greedyLines(hints: readonly Hint[], width: number, maxLines: number): Hint[][] {
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

/** Key hints rendered from a key table: `y accept · n reject · ? help`. */
export function HintBar({
  hints,
  width,
  maxLines = 1,
}: {
  readonly hints: readonly Hint[];
  readonly width: number;
  readonly maxLines?: number;
}) {
  return (
    <Box flexDirection="column">
      {hintLines(hints, width, maxLines).map((line, n) => (
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
