/**
 * Where commands write for people. Their lines carry data (file and column names, cells, a model's
 * reply, a server's messages), and a terminal obeys the control characters in it: everything goes
 * through core's `escapeControls`, keeping only newlines and tabs. Progress lines that redraw
 * themselves add their own `\r` and `ESC[K` around an escaped line (`redraw`).
 */
import { escapeControls } from '../core/safe-text.js';

/** Text for stdout (reports, lists, a completion). */
export function say(text: string): void {
  process.stdout.write(escapeControls(text, '\n\t'));
}

/** Text for stderr (progress, notes beside the output). */
export function note(text: string): void {
  process.stderr.write(escapeControls(text, '\n\t'));
}

/** One line on stderr, redrawn in place on a terminal (`\r` … erase to the end of the line). */
export function redraw(line: string, end = ''): void {
  process.stderr.write(`\r${escapeControls(line)}\x1b[K${end}`);
}

// JSON.stringify escapes U+0000–U+001F; DEL and the C1 controls it leaves raw are escaped the same way
// (`\u009b`), which is still the same JSON.
const RAW_IN_JSON = /[\u007f-\u009f]/g;

/** One JSON document (or line) on stdout. */
export function printJson(value: unknown, pretty = true): void {
  const text = pretty ? JSON.stringify(value, null, 2) : JSON.stringify(value);
  process.stdout.write(
    `${text.replace(RAW_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`,
  );
}
