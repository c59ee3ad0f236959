import { Text } from './text.js';
import TextInput from 'ink-text-input';
import { theme } from '../theme.js';

interface Props {
  readonly value: string;
  /** Shown (muted) while the value is empty, e.g. `auto`. */
  readonly empty?: string;
  readonly focused: boolean;
  /** Characters the value may take; a longer one shows its end, where the typing happens. */
  readonly room?: number;
}

const ignore = (): void => undefined;

/**
 * A one-line text field drawn by ink-text-input. Its keys come through the app's key router, not its
 * own `useInput`: it is rendered unfocused (so it never listens to the terminal itself) and the
 * screen's reducer edits the value, which keeps keys typed in a burst, or as the screen appears, in
 * order. The cursor mark and the empty-value word come from the theme, so NO_COLOR is respected
 * (ink-text-input's own placeholder and cursor are painted with fixed colours).
 */
export function TextField({ value, empty, focused, room }: Props) {
  const shown =
    room !== undefined && value.length > room ? `…${value.slice(value.length - room + 1)}` : value;
  return (
    <Text>
      {value === '' && empty !== undefined ? (
        <Text {...theme.muted}>{empty}</Text>
      ) : (
        <TextInput value={shown} focus={false} showCursor={false} onChange={ignore} />
      )}
      {focused ? <Text {...theme.accent}>▏</Text> : null}
    </Text>
  );
}
