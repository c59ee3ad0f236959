import { Box } from 'ink';
import { Text } from './text.js';
import { theme } from '../theme.js';

const BLOCKS = [' ', '▁', '▂', '▃', '▄', '▅', '▆', '▇', '█'];

/** Rows the histogram takes: two of bars, one of edges. */
export const HISTOGRAM_ROWS = 3;

/** A two-line histogram of token counts per example, with its range underneath. */
export function Histogram({
  edges,
  counts,
}: {
  readonly edges: readonly number[];
  readonly counts: readonly number[];
}) {
  const max = Math.max(1, ...counts);
  // Two rows of eighth-blocks give 16 levels: enough to see the shape, small enough for 80×24.
  const levels = counts.map((c) => (c === 0 ? 0 : Math.max(1, Math.round((c / max) * 16))));
  const top = levels.map((l) => BLOCKS[Math.max(0, l - 8)] ?? ' ').join('');
  const bottom = levels.map((l) => BLOCKS[Math.min(8, l)] ?? ' ').join('');
  const low = String(edges[0] ?? 0);
  const high = String(edges[edges.length - 1] ?? 0);
  const width = counts.length;
  return (
    <Box flexDirection="column">
      <Text {...theme.accent}>{top}</Text>
      <Text {...theme.accent}>{bottom}</Text>
      <Text {...theme.muted}>
        {low}
        {' '.repeat(Math.max(1, width - low.length - high.length))}
        {high}
      </Text>
    </Box>
  );
}
