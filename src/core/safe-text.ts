/**
 * Text from data (file names, column names, cells, server messages) is shown on a terminal, which
 * obeys the control characters in it: `ESC[2J` clears the screen, `\r` overwrites a line, an OSC
 * sequence can set the window title or a link. Every screen and message shows such text through
 * `escapeControls`, which writes each control character out as an escape, so it is seen, not obeyed.
 */

// C0 controls, DEL, C1 controls (U+0080–U+009F: U+009B is a one-character CSI to some terminals).
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/;
// eslint-disable-next-line no-control-regex -- see above
const CONTROLS = /[\u0000-\u001f\u007f-\u009f]/g;

const NAMED: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

function escaped(char: string): string {
  return NAMED[char] ?? `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
}

/**
 * `text` with every control character shown as an escape (`\x1b`, `\r`, `\n`, …), except those in
 * `keep`: a multi-line report keeps `'\n'` (and a table `'\t'`); a one-line message keeps none.
 */
export function escapeControls(text: string, keep: '' | '\n' | '\n\t' = ''): string {
  if (!CONTROL.test(text)) return text;
  return text.replace(CONTROLS, (char) => (keep.includes(char) ? char : escaped(char)));
}
