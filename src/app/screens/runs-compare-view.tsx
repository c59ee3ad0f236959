import { Box } from 'ink';
import { Text } from '../components/text.js';
import { theme } from '../theme.js';
import type { RunsCompare } from '../state/runs-state.js';
import { overlayChart, settingRows, OVERLAY_MARKS } from '../../core/runs.js';
import { evalWords, overlaySeries, settingsOf, type Run } from '../../rescue/run-history.js';

function title(run: Run): string {
  return run.fineTunedModel ?? `${run.model}${run.suffix ? ` (${run.suffix})` : ''}`;
}

/**
 * Two runs side by side, as `fine-tune runs compare A B` prints them: the settings with what differs
 * marked `≠` (those first, then as many of the others as fit), the loss curves overlaid by epoch, the
 * eval scores.
 */
export function RunsCompareView({
  compare,
  width,
  height,
}: {
  readonly compare: RunsCompare;
  readonly width: number;
  readonly height: number;
}) {
  const { a, b } = compare;
  const rows = settingRows(settingsOf(a), settingsOf(b));
  const ordered = [...rows.filter((r) => r.differs), ...rows.filter((r) => !r.differs)];
  const series = compare.curves === null ? [] : overlaySeries(compare.curves.a, compare.curves.b);
  const legendLines = legendOf(series, width);
  // Title 2, settings header 1, "more alike" 1, margins 2, chart (its height, axis 2), legend, notes,
  // eval 1: the rest for the settings (two at least) and the chart (three rows at least).
  const fixed = 9 + legendLines.length + compare.notes.length;
  const chartHeight = Math.max(3, Math.min(8, height - fixed - 6));
  const settingsRoom = Math.max(2, height - chartHeight - fixed);
  const shown = ordered.slice(0, settingsRoom);
  const nameWidth = Math.max(...shown.map((r) => r.name.length), 7);
  const aWidth = Math.min(24, Math.max(1, ...shown.map((r) => r.a.length)));
  const chart =
    series.length === 0 ? [] : overlayChart(series, Math.min(width, 100), chartHeight).slice(0, -1);
  return (
    <Box flexDirection="column">
      <Text bold wrap="truncate">
        A {title(a)} <Text {...theme.muted}>{a.id}</Text>
      </Text>
      <Text bold wrap="truncate">
        B {title(b)} <Text {...theme.muted}>{b.id}</Text>
      </Text>
      <Box flexDirection="column" marginTop={1}>
        <Text {...theme.muted} wrap="truncate">
          {'  '}
          {'setting'.padEnd(nameWidth)} {'A'.padEnd(aWidth)} B
        </Text>
        {shown.map((r) => (
          <Text key={r.name} wrap="truncate" {...(r.differs ? theme.accent : {})}>
            {r.differs ? '≠ ' : '  '}
            {r.name.padEnd(nameWidth)} {r.a.slice(0, aWidth).padEnd(aWidth)} {r.b}
          </Text>
        ))}
        {ordered.length > shown.length ? (
          <Text {...theme.muted} wrap="truncate">
            {'  '}… {ordered.length - shown.length} more alike (fine-tune runs compare lists them all)
          </Text>
        ) : null}
      </Box>
      <Box flexDirection="column" marginTop={1}>
        {compare.curves === null ? (
          <Text {...theme.muted}>Fetching the losses from the runs' providers…</Text>
        ) : series.length === 0 ? (
          <Text {...theme.muted}>No losses to chart.</Text>
        ) : (
          [...chart, ...legendLines].map((line, i) => (
            <Text key={i} wrap="truncate">
              {line}
            </Text>
          ))
        )}
        {compare.notes.map((note) => (
          <Text key={note} {...theme.warning} wrap="truncate">
            {note}
          </Text>
        ))}
      </Box>
      <Text wrap="truncate">
        eval A {evalWords(a.eval)} · B {evalWords(b.eval)}
      </Text>
    </Box>
  );
}

/**
 * The chart's legend: the series' marks and names and that they are smoothed, on one line when it fits,
 * else with short names ("A train", "B valid"), else on two lines.
 */
function legendOf(series: readonly { readonly label: string }[], width: number): string[] {
  if (series.length === 0) return [];
  const items = (short: boolean): string[] => [
    ...series.map((s, i) => {
      const label = short
        ? s.label.replace(' training loss', ' train').replace(' validation loss', ' valid')
        : s.label;
      return `${OVERLAY_MARKS[i] ?? '?'} ${label}`;
    }),
    short ? '(smoothed loss)' : '(smoothed)',
  ];
  for (const short of [false, true]) {
    const line = items(short).join('  ');
    if (line.length <= width) return [line];
  }
  const all = items(true);
  const half = Math.ceil(all.length / 2);
  return [all.slice(0, half).join('  '), all.slice(half).join('  ')];
}
