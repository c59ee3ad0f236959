// Renders a captured terminal screen (text with ANSI colour escapes) to SVG: the screen is replayed
// into a headless xterm, then each cell is drawn on a monospace grid. Pure and deterministic.
import xterm from '@xterm/headless';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';

const { Terminal } = xterm;

/** A dark palette for the 16 ANSI colours, tuned to read well in a README. */
export const PALETTE = {
  background: '#1e1f29',
  foreground: '#e6e6e6',
  ansi: [
    '#2e3440',
    '#ff6e6e',
    '#69e07a',
    '#f4d35e',
    '#6ea8ff',
    '#d98cf5',
    '#5fd7e8',
    '#d8dee9',
    '#6b7280',
    '#ff8f8f',
    '#8af59a',
    '#ffe486',
    '#94c0ff',
    '#e7abff',
    '#8ae9f5',
    '#ffffff',
  ],
};

const CELL_WIDTH = 9;
const CELL_HEIGHT = 19;
const FONT_SIZE = 15;
const PADDING = 16;

function xterm256(index) {
  if (index < 16) return PALETTE.ansi[index];
  if (index < 232) {
    const n = index - 16;
    const level = (v) => (v === 0 ? 0 : 55 + v * 40);
    return rgb(level(Math.floor(n / 36)), level(Math.floor(n / 6) % 6), level(n % 6));
  }
  const grey = 8 + (index - 232) * 10;
  return rgb(grey, grey, grey);
}

function rgb(r, g, b) {
  return `#${[r, g, b].map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

function colour(cell, which) {
  const isDefault = which === 'fg' ? cell.isFgDefault() : cell.isBgDefault();
  if (isDefault) return null;
  const value = which === 'fg' ? cell.getFgColor() : cell.getBgColor();
  const isRgb = which === 'fg' ? cell.isFgRGB() : cell.isBgRGB();
  if (isRgb) return rgb((value >> 16) & 255, (value >> 8) & 255, value & 255);
  return xterm256(value);
}

function escapeXml(text) {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** Replays `ansiText` (lines separated by \n) into a terminal of the given size; resolves its cells. */
export async function screenCells(ansiText, columns, rows) {
  const term = new Terminal({ cols: columns, rows, allowProposedApi: true });
  await new Promise((resolve) => term.write(ansiText.replace(/\r?\n/g, '\r\n'), resolve));
  const buffer = term.buffer.active;
  const lines = [];
  for (let y = 0; y < rows; y += 1) {
    const line = buffer.getLine(y);
    const cells = [];
    for (let x = 0; x < columns; x += 1) {
      const cell = line?.getCell(x);
      if (!cell || cell.getWidth() === 0) continue;
      let fg = colour(cell, 'fg') ?? PALETTE.foreground;
      let bg = colour(cell, 'bg');
      if (cell.isInverse()) [fg, bg] = [bg ?? PALETTE.background, fg];
      cells.push({
        x,
        char: cell.getChars() || ' ',
        fg,
        bg,
        bold: Boolean(cell.isBold()),
        dim: Boolean(cell.isDim()),
        underline: Boolean(cell.isUnderline()),
        strike: Boolean(cell.isStrikethrough()),
      });
    }
    lines.push(cells);
  }
  term.dispose();
  return lines;
}

/** SVG of the screen: one background rect per coloured run, one <text> per run of equal style. */
export function cellsToSvg(lines, columns, rows, title) {
  const width = columns * CELL_WIDTH + PADDING * 2;
  const height = rows * CELL_HEIGHT + PADDING * 2 + 28;
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="${width}" height="${height}" rx="10" fill="${PALETTE.background}"/>`,
    `<circle cx="20" cy="16" r="6" fill="#ff5f57"/><circle cx="40" cy="16" r="6" fill="#febc2e"/><circle cx="60" cy="16" r="6" fill="#28c840"/>`,
    `<text x="${width / 2}" y="21" fill="#8b8fa3" font-family="DejaVu Sans Mono, monospace" font-size="12" text-anchor="middle">${escapeXml(title)}</text>`,
    `<g transform="translate(${PADDING} ${PADDING + 28})" font-family="DejaVu Sans Mono, monospace" font-size="${FONT_SIZE}">`,
  ];
  const line = (x, w, y, stroke) =>
    out.push(`<line x1="${x}" x2="${x + w}" y1="${y}" y2="${y}" stroke="${stroke}" stroke-width="1"/>`);
  lines.forEach((cells, y) => {
    const top = y * CELL_HEIGHT;
    const baseline = top + CELL_HEIGHT - 5;
    let run = null;
    const flush = () => {
      if (run === null) return;
      const x = run.x * CELL_WIDTH;
      const w = run.text.length * CELL_WIDTH;
      if (run.bg)
        out.push(`<rect x="${x}" y="${top}" width="${w}" height="${CELL_HEIGHT}" fill="${run.bg}"/>`);
      if (run.text.trim() !== '') {
        const attrs = [
          `x="${x}"`,
          `y="${baseline}"`,
          `fill="${run.fg}"`,
          run.bold ? 'font-weight="bold"' : '',
          run.dim ? 'fill-opacity="0.6"' : '',
          `textLength="${w}"`,
          'lengthAdjust="spacingAndGlyphs"',
          'xml:space="preserve"',
        ].filter(Boolean);
        out.push(`<text ${attrs.join(' ')}>${escapeXml(run.text)}</text>`);
      }
      // Decorations drawn as lines: renderers differ on text-decoration, lines are exact.
      if (run.strike) line(x, w, top + CELL_HEIGHT / 2, run.fg);
      if (run.underline) line(x, w, baseline + 2, run.fg);
      run = null;
    };
    for (const cell of cells) {
      const key = `${cell.fg}|${cell.bg}|${cell.bold}|${cell.dim}|${cell.underline}|${cell.strike}`;
      const single = /[^\x20-\x7e]/.test(cell.char);
      // Box-drawing and block glyphs are drawn one per cell so they stay on the grid.
      if (run !== null && (run.key !== key || single || run.single)) flush();
      if (run === null) run = { ...cell, key, text: '', single };
      run.text += cell.char;
    }
    flush();
  });
  out.push('</g>', '</svg>');
  return `${out.join('\n')}\n`;
}

const FONT_DIR = '/usr/share/fonts/truetype/dejavu';

/** Renders one captured screen (tmux `capture-pane -p -e`) to `dir/file.svg` and `dir/file.png`. */
export async function writeScreenshot(ansi, { dir, file, columns, rows, title }) {
  const svg = cellsToSvg(await screenCells(ansi, columns, rows), columns, rows, title);
  writeFileSync(join(dir, `${file}.svg`), svg);
  const fonts = ['DejaVuSansMono.ttf', 'DejaVuSansMono-Bold.ttf'].map((f) => join(FONT_DIR, f));
  const resvg = new Resvg(svg, {
    font: {
      fontFiles: fonts.filter((f) => existsSync(f)),
      loadSystemFonts: !fonts.every((f) => existsSync(f)),
      defaultFontFamily: 'DejaVu Sans Mono',
      monospaceFamily: 'DejaVu Sans Mono',
    },
  });
  writeFileSync(join(dir, `${file}.png`), resvg.render().asPng());
  process.stdout.write(`screenshots/${file}.png\n`);
}
