import { Box, useStdout } from 'ink';
import { Text } from '../components/text.js';
import { visible } from '../../api/completions-format.js';
import type { Exchange, Reply } from './chat-state.js';
import { theme, type Tone } from './chat-theme.js';

function status(reply: Reply): { readonly text: string; readonly tone: Tone } | null {
  switch (reply.status) {
    case 'waiting':
      return { text: '… waiting for the model', tone: theme.muted };
    case 'streaming':
      return { text: '▌ generating (esc stops)', tone: theme.accent };
    case 'retrying':
      return {
        text: `model not ready yet (404): retrying in ${reply.countdown ?? 0}s · esc stops`,
        tone: theme.warning,
      };
    case 'stopped':
      return { text: '[stopped]', tone: theme.warning };
    case 'failed':
      return { text: `error: ${reply.error ?? 'failed'}`, tone: theme.error };
    case 'done':
      return null;
  }
}

/** The last `max` screen lines of a text wrapped at `width` (the live frame stays small). */
export function tail(text: string, max: number, width: number): string {
  const lines = text.split('\n').flatMap((line) => {
    const parts: string[] = [];
    for (let i = 0; i < Math.max(1, line.length); i += width) parts.push(line.slice(i, i + width));
    return parts;
  });
  return lines.length <= max ? text : `…${lines.slice(-max).join('\n')}`;
}

function ReplyView({
  reply,
  label,
  tailLines,
  width,
}: {
  readonly reply: Reply;
  readonly label: boolean;
  readonly tailLines: number | undefined;
  readonly width: number;
}) {
  const note = status(reply);
  // An explicit width: inside <Static> flex growth has no parent width to share.
  const text = tailLines === undefined ? reply.text : tail(reply.text, tailLines, width);
  return (
    <Box flexDirection="column" width={width + 2} paddingRight={1}>
      {label ? (
        <Text {...theme.accent} bold wrap="truncate-middle">
          {reply.slot === 'base' ? 'base ' : ''}
          {reply.model}
        </Text>
      ) : null}
      {text !== '' ? <Text>{text}</Text> : null}
      {note ? <Text {...note.tone}>{note.text}</Text> : null}
    </Box>
  );
}

/** One message and its reply, or two replies side by side in compare mode. */
export function ExchangeView({
  exchange,
  showPrompt,
  tailLines,
}: {
  readonly exchange: Exchange;
  readonly showPrompt: boolean;
  /** While streaming: show only the reply's last lines. */
  readonly tailLines?: number | undefined;
}) {
  const { stdout } = useStdout();
  const columns = stdout.columns > 0 ? stdout.columns : 80;
  const [first] = exchange.replies;
  const sideBySide = exchange.replies.length > 1;
  return (
    <Box flexDirection="column" marginBottom={1}>
      <Text>
        <Text {...theme.accent} bold>
          you ›{' '}
        </Text>
        {exchange.user}
      </Text>
      {showPrompt && first ? (
        <Text {...theme.muted} wrap="truncate-end">
          sent: &quot;{visible(first.sent)}&quot;
        </Text>
      ) : null}
      <Box flexDirection="row">
        {exchange.replies.map((reply) => (
          <ReplyView
            key={reply.slot}
            reply={reply}
            label={sideBySide || reply.model !== ''}
            tailLines={tailLines}
            width={Math.max(10, Math.floor(columns / exchange.replies.length) - 2)}
          />
        ))}
      </Box>
    </Box>
  );
}
