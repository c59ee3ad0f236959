import { Box } from 'ink';
import { Text } from '../components/text.js';
import { theme } from '../theme.js';
import { plural } from '../../core/numbers.js';
import type { NeighboursShown } from '../hooks/use-row-neighbours.js';
import { groupLabels, type QualityRow } from '../state/quality-review.js';

/**
 * One group of near-identical prompts with different labels: its labels (numbered for the keys 1-9,
 * the majority first) and every row of it, as many as fit, with its label and prompt.
 */
export function ConflictGroup({
  item,
  shown,
  label,
  width,
  height,
}: {
  readonly item: readonly QualityRow[];
  readonly shown: NeighboursShown;
  readonly label: 'line' | 'row';
  readonly width: number;
  readonly height: number;
}) {
  const labels = groupLabels(item);
  const texts = new Map(
    (shown.status === 'ready' ? shown.result.texts : []).map((t) => [t.position, t.prompt] as const),
  );
  const labelWidth = Math.min(16, Math.max(...labels.map((l) => l.label.trim().length)));
  const positionWidth = Math.max(...item.map((d) => String(d.row).length));
  // Heading, the labels, a gap; then rows, keeping a line for "… more" when they do not all fit.
  const room = Math.max(1, height - 2 - labels.length);
  const fits = item.length <= room ? item.length : Math.max(1, room - 1);
  return (
    <Box flexDirection="column" width={width}>
      <Text bold wrap="truncate-end">
        Conflicting labels · {plural(item.length, 'near-identical prompt')}, {plural(labels.length, 'label')}:
      </Text>
      {labels.map((l, i) => (
        <Text key={l.label} wrap="truncate-end">
          {'  '}
          <Text {...theme.accent}>{i < 9 ? i + 1 : ' '}</Text> {l.label} ·{' '}
          <Text {...theme.muted}>
            {plural(l.rows, label)}
            {i > 0
              ? ''
              : l.rows > (labels[1]?.rows ?? 0)
                ? ' (majority)'
                : ' (m takes it: a tie, seen first)'}
          </Text>
        </Text>
      ))}
      <Box flexDirection="column" marginTop={1}>
        {shown.status === 'failed' ? (
          <Text {...theme.error}>Could not read the rows: {shown.message}</Text>
        ) : null}
        {item.slice(0, fits).map((d) => (
          <Text key={d.row} wrap="truncate-end">
            {'  '}
            <Text {...theme.muted}>{String(d.row).padStart(positionWidth)}</Text>{' '}
            {d.label.trim().slice(0, labelWidth).padEnd(labelWidth)}{' '}
            {shown.status === 'loading' ? '…' : (texts.get(d.row) ?? '').replace(/\s+/g, ' ').trim()}
          </Text>
        ))}
        {fits < item.length ? (
          <Text {...theme.muted}>
            {'  '}… and {plural(item.length - fits, `more ${label}`)}
          </Text>
        ) : null}
      </Box>
    </Box>
  );
}
