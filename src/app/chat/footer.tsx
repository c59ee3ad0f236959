import { useStdout } from 'ink';
import { HintBar } from '../components/hint-bar.js';
import { chatHints, type ChatKeyContext } from './chat-keys.js';

export { hintLines } from '../components/hint-bar.js';

/** The keys of the panel that owns the keyboard, rendered from the key table (three lines at most). */
export function Footer({
  context,
  hidden,
}: {
  readonly context: ChatKeyContext;
  /** Actions of the table that do nothing right now (so the footer lists only keys that work). */
  readonly hidden?: ReadonlySet<string>;
}) {
  const { stdout } = useStdout();
  const width = stdout.columns > 0 ? stdout.columns : 80;
  return <HintBar hints={chatHints(context, hidden)} width={width} maxLines={3} />;
}
