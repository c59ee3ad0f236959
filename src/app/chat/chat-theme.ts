import type { Tone } from '../theme.js';

/** The wizard's colour tokens (NO_COLOR honoured there), plus the border form Box needs. */
export { theme, type Tone } from '../theme.js';

export function border(tone: Tone): { readonly borderColor?: string } {
  return tone.color === undefined ? {} : { borderColor: tone.color };
}
