import { Text } from 'ink';
import { chatHints, type ChatKeyContext } from './chat-keys.js';
import { theme } from './chat-theme.js';

/** The key hints of the panel that owns the keyboard, rendered from the key table. */
export function Footer({ context }: { readonly context: ChatKeyContext }) {
  const hints = chatHints(context);
  return (
    <Text {...theme.muted} wrap="truncate-end">
      {hints.map((h) => `${h.key} ${h.label}`).join(' · ')}
    </Text>
  );
}
