import { hintsFor, type KeyContext } from '../keys.js';
import { HintBar } from './hint-bar.js';

/** The keys that work on the current screen, rendered from the key table; drops hints that do not fit. */
export function Footer({ context, width }: { readonly context: KeyContext; readonly width: number }) {
  return <HintBar hints={hintsFor(context)} width={width} />;
}
