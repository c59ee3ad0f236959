import { Text } from './text.js';
import { theme } from '../theme.js';

/** `████████░░░░░░  52%`; the bar takes the given width. */
export function ProgressBar({ fraction, width }: { readonly fraction: number; readonly width: number }) {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const barWidth = Math.max(4, width - 6);
  const filled = Math.round(clamped * barWidth);
  return (
    <Text>
      <Text {...theme.accent}>{'█'.repeat(filled)}</Text>
      <Text {...theme.muted}>{'░'.repeat(barWidth - filled)}</Text>
      <Text> {`${Math.round(clamped * 100)}%`.padStart(4)}</Text>
    </Text>
  );
}
