/**
 * A small line chart drawn with quadrant blocks (2×2 dots a cell: `▘▝▖▗▀▄▌▐▚▞▛▜▙▟█`), pure so it can
 * be tested: series of (step, value) points go in, rows of cells come out, each cell naming the
 * series drawn last in it. Quadrants rather than Braille: common monospace fonts (DejaVu Sans Mono,
 * which the screenshots use) have them, and they stay legible at a glance.
 */
export interface Point {
  readonly step: number;
  readonly value: number;
}

export interface ChartCell {
  readonly char: string;
  /** Index of the series that drew in this cell last, or -1 for an empty cell. */
  readonly series: number;
}

export interface ChartGrid {
  readonly rows: ReadonlyArray<readonly ChartCell[]>;
  readonly min: number;
  readonly max: number;
}

// Bit of each dot in a cell, by [x][y], and the character of each combination of bits.
const DOTS = [
  [1, 4],
  [2, 8],
] as const;
const QUADRANTS = ' ▘▝▀▖▌▞▛▗▚▐▜▄▙▟█';
const DOTS_Y = 2;

/** Mean value per dot column; the x axis spans steps 1…`lastStep`. */
function columns(points: readonly Point[], dotsX: number, lastStep: number): Array<number | null> {
  const sums = new Array<number>(dotsX).fill(0);
  const counts = new Array<number>(dotsX).fill(0);
  for (const p of points) {
    if (!Number.isFinite(p.value)) continue;
    const x = Math.min(dotsX - 1, Math.max(0, Math.floor(((p.step - 1) / Math.max(1, lastStep)) * dotsX)));
    sums[x] = (sums[x] ?? 0) + p.value;
    counts[x] = (counts[x] ?? 0) + 1;
  }
  return sums.map((sum, x) => ((counts[x] ?? 0) > 0 ? sum / (counts[x] ?? 1) : null));
}

export function plotChart(
  series: ReadonlyArray<readonly Point[]>,
  options: { readonly width: number; readonly height: number; readonly lastStep: number },
): ChartGrid {
  const width = Math.max(1, options.width);
  const height = Math.max(1, options.height);
  const dotsX = width * 2;
  const dotsY = height * DOTS_Y;
  const values = series
    .flat()
    .map((p) => p.value)
    .filter(Number.isFinite);
  let min = values.length > 0 ? Math.min(...values) : 0;
  let max = values.length > 0 ? Math.max(...values) : 1;
  if (max - min < 1e-9) {
    min -= 0.5;
    max += 0.5;
  }
  const bits = Array.from({ length: height }, () => new Array<number>(width).fill(0));
  const owner = Array.from({ length: height }, () => new Array<number>(width).fill(-1));
  const dot = (x: number, y: number, s: number): void => {
    const row = Math.floor(y / DOTS_Y);
    const col = Math.floor(x / 2);
    const line = bits[row];
    const own = owner[row];
    if (line === undefined || own === undefined) return;
    line[col] = (line[col] ?? 0) | (DOTS[x % 2 === 0 ? 0 : 1][y % DOTS_Y] ?? 0);
    own[col] = s;
  };
  const yOf = (v: number): number => dotsY - 1 - Math.round(((v - min) / (max - min)) * (dotsY - 1));
  series.forEach((points, s) => {
    let previous: { x: number; y: number } | null = null;
    columns(points, dotsX, options.lastStep).forEach((v, x) => {
      if (v === null) return;
      const y = yOf(v);
      // Columns between two points (fewer steps than dots) get the line between them; a vertical
      // run from the previous height joins the dots.
      const from = previous ?? { x, y };
      let lastY = from.y;
      for (let xx = from.x + 1; xx <= x; xx += 1) {
        const yy = Math.round(from.y + ((y - from.y) * (xx - from.x)) / (x - from.x));
        for (let k = Math.min(lastY, yy); k <= Math.max(lastY, yy); k += 1) dot(xx, k, s);
        lastY = yy;
      }
      if (previous === null) dot(x, y, s);
      previous = { x, y };
    });
  });
  const rows = bits.map((line, r) =>
    line.map((b, c) => ({
      char: QUADRANTS[b] ?? ' ',
      series: owner[r]?.[c] ?? -1,
    })),
  );
  return { rows, min, max };
}

/**
 * How the training and validation series are told apart: by colour, both drawn as lines (━ in the
 * legend); without colours (NO_COLOR) the validation series is drawn with dots, so the two lines still
 * read as two.
 */
export function chartMarks(monochrome: boolean): {
  readonly train: { readonly legend: string; readonly glyph: string | undefined };
  readonly validation: { readonly legend: string; readonly glyph: string | undefined };
} {
  return monochrome
    ? { train: { legend: '▀', glyph: undefined }, validation: { legend: '•', glyph: '•' } }
    : { train: { legend: '━', glyph: undefined }, validation: { legend: '━', glyph: undefined } };
}
