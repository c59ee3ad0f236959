import { hintsFor, type KeyContext } from '../keys.js';
import { HintBar, hintLines } from './hint-bar.js';

/** A narrow terminal gets the keys on two lines rather than lose one. */
const FOOTER_LINES = 2;

/** The keys that work on the current screen, rendered from the key table, on one line or two. */
export function Footer({ context, width }: { readonly context: KeyContext; readonly width: number }) {
  return <HintBar hints={hintsFor(context)} width={width} maxLines={FOOTER_LINES} />;
}

/** How many lines the footer takes at this width (the screen above gets the rest). */
export function footerHeight(context: KeyContext, width: number): number {
  return hintLines(hintsFor(context), width, FOOTER_LINES).length;
}
