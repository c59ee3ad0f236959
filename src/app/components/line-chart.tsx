import { Box } from 'ink';
import { Text } from './text.js';
import { theme, type Tone } from '../theme.js';
import { plotChart, type Point } from '../../core/chart-grid.js';

export interface ChartSeries {
  readonly label: string;
  readonly points: readonly Point[];
  readonly tone: Tone;
  /** Drawn with this character in every cell it owns instead of the line's blocks (see chartMarks). */
  readonly glyph?: string | undefined;
}

const AXIS = 7;

function label(value: number): string {
  return (Math.abs(value) >= 100 ? value.toFixed(0) : value.toFixed(value >= 10 ? 1 : 3)).padStart(AXIS - 1);
}

/** A few-line chart of the series over steps 1…lastStep, the y range marked on the left. */
export function LineChart({
  series,
  width,
  height,
  lastStep,
}: {
  readonly series: readonly ChartSeries[];
  readonly width: number;
  readonly height: number;
  readonly lastStep: number;
}) {
  const grid = plotChart(
    series.map((s) => s.points),
    { width: Math.max(8, width - AXIS - 1), height, lastStep },
  );
  return (
    <Box flexDirection="column">
      {grid.rows.map((cells, r) => {
        const axis =
          r === 0 ? label(grid.max) : r === grid.rows.length - 1 ? label(grid.min) : ''.padStart(AXIS - 1);
        // Neighbouring cells of one series are joined into one Text to keep the frame small.
        const runs: Array<{ text: string; series: number }> = [];
        for (const cell of cells) {
          const glyph = cell.series >= 0 ? series[cell.series]?.glyph : undefined;
          const char = glyph === undefined ? cell.char : glyph;
          const last = runs.at(-1);
          if (last !== undefined && last.series === cell.series) last.text += char;
          else runs.push({ text: char, series: cell.series });
        }
        return (
          <Text key={r} wrap="truncate">
            <Text {...theme.muted}>{axis} ┤</Text>
            {runs.map((run, i) => (
              <Text key={i} {...(series[run.series]?.tone ?? {})}>
                {run.text}
              </Text>
            ))}
          </Text>
        );
      })}
    </Box>
  );
}
