/**
 * Run history, pure: the loss curve of a job on an epoch axis, its final losses, two runs' settings
 * side by side, and their curves overlaid in a plain-text chart. `fine-tune runs` and the Runs screen
 * both show what these compute.
 */
import { plotChart } from './chart-grid.js';

/** One step's losses, as a job's `metrics` events give them (null where the event has none). */
export interface LossStep {
  readonly step: number;
  readonly trainLoss: number | null;
  readonly validLoss: number | null;
  readonly fullValidLoss: number | null;
}

export interface FinalLosses {
  readonly train: number | null;
  /** The last full validation loss (an epoch end), else the last batch one. */
  readonly validation: number | null;
}

/** Steps in order, one per step: a step trained again after a restart keeps its last numbers. */
export function lossSteps(steps: readonly LossStep[]): LossStep[] {
  const byStep = new Map<number, LossStep>();
  for (const s of steps) byStep.set(s.step, s);
  return [...byStep.values()].sort((a, b) => a.step - b.step);
}

export function finalLosses(steps: readonly LossStep[]): FinalLosses {
  const ordered = lossSteps(steps);
  const last = <T>(pick: (s: LossStep) => T | null): T | null => {
    for (let i = ordered.length - 1; i >= 0; i--) {
      const value = pick(ordered[i] as LossStep);
      if (value !== null) return value;
    }
    return null;
  };
  return {
    train: last((s) => s.trainLoss),
    validation: last((s) => s.fullValidLoss) ?? last((s) => s.validLoss),
  };
}

/** A step's place on the epoch axis: step 10 of 30 over 3 epochs is epoch 1. */
export function epochOf(step: number, totalSteps: number, epochs: number): number {
  return totalSteps > 0 && epochs > 0 ? (step * epochs) / totalSteps : step;
}

/** One setting of two runs, and whether they differ. */
export interface SettingRow {
  readonly name: string;
  readonly a: string;
  readonly b: string;
  readonly differs: boolean;
}

export function settingRows(
  a: Readonly<Record<string, string>>,
  b: Readonly<Record<string, string>>,
): SettingRow[] {
  const names = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  return names.map((name) => {
    const left = a[name] ?? '-';
    const right = b[name] ?? '-';
    return { name, a: left, b: right, differs: left !== right };
  });
}

export interface OverlaySeries {
  readonly label: string;
  /** (epoch, loss) pairs. */
  readonly points: ReadonlyArray<{ readonly epoch: number; readonly value: number }>;
}

/** Drawn glyph of each series in plain text: the first in blocks, the others in marks of their own. */
export const OVERLAY_MARKS = ['█', '•', '+', 'x'] as const;

// Dots per epoch on the chart's x axis: the grid takes integer "steps", the curves fractional epochs.
const PER_EPOCH = 1000;

/** The series on one grid, x from 0 to the longest run's last epoch. */
export function overlayGrid(series: readonly OverlaySeries[], width: number, height: number) {
  const lastEpoch = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.epoch)));
  const grid = plotChart(
    series.map((s) =>
      s.points.map((p) => ({ step: Math.max(1, Math.round(p.epoch * PER_EPOCH)), value: p.value })),
    ),
    { width, height, lastStep: Math.round(lastEpoch * PER_EPOCH) },
  );
  return { ...grid, lastEpoch };
}

/** The overlaid curves as text lines: y range on the left, epochs below, a legend of marks. */
export function overlayChart(series: readonly OverlaySeries[], width: number, height: number): string[] {
  const axis = 8;
  const plotWidth = Math.max(10, width - axis - 1);
  const grid = overlayGrid(series, plotWidth, height);
  const label = (v: number) => v.toFixed(3).padStart(axis - 1);
  const lines = grid.rows.map((cells, r) => {
    const y =
      r === 0 ? label(grid.max) : r === grid.rows.length - 1 ? label(grid.min) : ''.padStart(axis - 1);
    const text = cells
      .map((c) => (c.series <= 0 ? c.char : (OVERLAY_MARKS[c.series] ?? c.char)))
      .join('')
      .trimEnd();
    return `${y} ┤${text}`;
  });
  const end = `epoch ${trimNumber(grid.lastEpoch)}`;
  lines.push(`${''.padStart(axis)}└${'─'.repeat(plotWidth)}`);
  lines.push(`${''.padStart(axis + 1)}0${end.padStart(plotWidth - 1)}`);
  lines.push(series.map((s, i) => `${OVERLAY_MARKS[i] ?? '?'} ${s.label}`).join('   '));
  return lines;
}

function trimNumber(x: number): string {
  return Number.isInteger(x) ? String(x) : x.toFixed(1);
}
