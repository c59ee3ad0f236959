import { escapeControls } from '../core/safe-text.js';
import { displayPath } from './format.js';
import { headerLayout } from './components/header-layout.js';
import { theme, type Tone } from './theme.js';

/**
 * The wizard's first frame, drawn before Ink and React load. Loading them (hundreds of modules) takes
 * most of a second, many times Node's own start (docs/benchmarks.md, "wizard: first frame"); this
 * frame shows at once what Ink's first frame then shows in the same place: the header and
 * "Reading FILE…" (the footer and a radar banner come with Ink's). Plain text and colour codes only:
 * this module must not import Ink.
 */
export interface FirstFrame {
  /** Clears the frame, leaving the cursor where it began (for Ink's first frame, or an error line). */
  erase(): void;
}

const SGR: Readonly<Record<string, string>> = { cyan: '36', gray: '90' };

function paint(text: string, tone: Tone, extra = ''): string {
  const codes = [extra, tone.color === undefined ? '' : (SGR[tone.color] ?? '')].filter((c) => c !== '');
  return codes.length === 0 ? text : `\x1b[${codes.join(';')}m${text}\x1b[0m`;
}

/** Draws the first frame for `file` on `out` (a terminal), or draws nothing and returns null. */
export function drawFirstFrame(
  out: NodeJS.WriteStream,
  file: string | undefined,
  cwd: string,
): FirstFrame | null {
  if (file === undefined || !out.isTTY) return null;
  const width = Math.max(40, out.columns || 80);
  const shown = displayPath(file, cwd);
  const { track, current, shownFile, compact, position } = headerLayout('load', shown, width);
  // Names from the user go to the terminal escaped, as the Text component escapes them in Ink's frame.
  const safeFile = escapeControls(shownFile);
  const left = `fine-tune ${safeFile}`;
  const right = compact ? position : track.map((s) => s.label).join(' › ');
  const gap = ' '.repeat(Math.max(1, width - left.length - right.length));
  const steps = compact
    ? paint(position, theme.accent, '1;4')
    : track
        .map((s, i) => (i === current ? paint(s.label, theme.accent, '1;4') : paint(s.label, theme.muted)))
        .join(paint(' › ', theme.muted));
  const header = `${paint('fine-tune', theme.accent, '1')}${paint(` ${safeFile}`, theme.muted)}${gap}${steps}`;
  // Ink's ReadingScreen: "Reading <bold>path</bold>…".
  const path = escapeControls(file);
  const reading = `Reading ${path}…`;
  out.write(`${header}\n\nReading \x1b[1m${path}\x1b[0m…`);
  // The rows it took: a line longer than the terminal wraps onto the next (a narrow terminal's header,
  // a long path), and the cursor stays on the last one.
  const rows = [left.length + gap.length + right.length, 0, reading.length]
    .map((length) => Math.max(1, Math.ceil(length / width)))
    .reduce((a, b) => a + b);
  let erased = false;
  return {
    erase: () => {
      if (erased) return;
      erased = true;
      out.write(`\r\x1b[${rows - 1}A\x1b[J`);
    },
  };
}
