import { useStdout } from 'ink';
import { HintBar } from '../components/hint-bar.js';
import { chatHints, type ChatKeyContext } from './chat-keys.js';

export { hintLines } from '../components/hint-bar.js';

/** The keys of the panel that owns the keyboard, rendered from the key table (three lines at most). */
export function Footer({ context }: { readonly context: ChatKeyContext }) {
  const { stdout } = useStdout();
  const width = stdout.columns > 0 ? stdout.columns : 80;
  return <HintBar hints={chatHints(context)} width={width} maxLines={3} />;
}
