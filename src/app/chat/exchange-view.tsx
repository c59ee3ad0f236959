import { Box, useStdout } from 'ink';
import { Text } from '../components/text.js';
import { Para } from '../components/para.js';
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

/**
 * A reply as shown: without the blanks it starts with (a completion model's answer often starts with
 * the space it was trained with), so that it lines up under its model's name. Transcripts keep it.
 */
export function shownReply(text: string): string {
  return text.replace(/^[ \t]+/, '');
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
  /** The column's width, its one-column gutter on the right included. */
  readonly width: number;
}) {
  const note = status(reply);
  // The text wraps at the width inside the gutter; the tail of a streaming reply is cut at the same.
  const inner = Math.max(1, width - 1);
  const shown = shownReply(reply.text);
  const text = tailLines === undefined ? shown : tail(shown, tailLines, inner);
  return (
    // An explicit width: inside <Static> flex growth has no parent width to share.
    <Box flexDirection="column" width={width} paddingRight={1}>
      {label ? (
        <Text {...theme.accent} bold wrap="truncate-middle">
          {reply.slot === 'base' ? 'base ' : ''}
          {reply.model}
        </Text>
      ) : null}
      {text !== '' ? <Para>{text}</Para> : null}
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
            width={Math.max(10, Math.floor(columns / exchange.replies.length))}
          />
        ))}
      </Box>
    </Box>
  );
}
