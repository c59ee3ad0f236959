import { Box } from 'ink';
import { Text } from './text.js';
import SelectInput from 'ink-select-input';
import type { ReactNode } from 'react';
import { theme } from '../theme.js';

export interface SelectItem {
  readonly key: string;
  /** The row as drawn (themed by the caller when it needs more than one tone). */
  readonly label: ReactNode;
}

interface Props {
  readonly items: readonly SelectItem[];
  readonly cursor: number;
  /** Rows the list may take; longer lists are windowed around the cursor. */
  readonly room: number;
}

/** The cursor column: never squeezed by a long row, so every row starts in the same column. */
function Indicator({ isSelected = false }: { readonly isSelected?: boolean }) {
  return (
    <Box flexShrink={0}>
      <Text {...(isSelected ? theme.accent : {})}>{isSelected ? '› ' : '  '}</Text>
    </Box>
  );
}

function Row({ label, isSelected = false }: { readonly label: string; readonly isSelected?: boolean }) {
  return (
    <Text bold={isSelected} wrap="truncate">
      {label}
    </Text>
  );
}

/**
 * A list drawn by ink-select-input, its keys taken through the app's key router: the component is
 * rendered unfocused (its own `useInput` stays off, so a key typed as the screen appears is never
 * lost) and shows the cursor the screen's reducer keeps. The window around the cursor is cut here,
 * so the frame stays shorter than the terminal.
 */
export function SelectList({ items, cursor, room }: Props) {
  const size = Math.max(1, room);
  const start = Math.min(Math.max(0, cursor - Math.floor(size / 2)), Math.max(0, items.length - size));
  const shown = items.slice(start, start + size);
  const labels = new Map(shown.map((item) => [item.key, item.label]));
  return (
    <SelectInput
      // Remounted as the cursor moves: ink-select-input reads `initialIndex` only when it mounts.
      key={`${start}:${cursor}`}
      isFocused={false}
      initialIndex={cursor - start}
      items={shown.map((item) => ({ key: item.key, label: item.key, value: item.key }))}
      indicatorComponent={Indicator}
      itemComponent={({ label, isSelected }) =>
        typeof labels.get(label) === 'string' ? (
          <Row label={labels.get(label) as string} isSelected={isSelected ?? false} />
        ) : (
          <>{labels.get(label)}</>
        )
      }
    />
  );
}
