import { Transform } from 'ink';
import type { ComponentProps } from 'react';
import { Text } from './text.js';

type TextProps = ComponentProps<typeof Text>;

/**
 * Drops the spaces a wrapped line starts with. Ink wraps text without trimming (wrap-ansi's
 * `trim: false`), so a line broken at a space begins with that space, one column off the line above.
 * Applied to the lines after the first, past any colour codes.
 */
export function dropWrapSpaces(line: string, index: number): string {
  // eslint-disable-next-line no-control-regex
  return index === 0 ? line : line.replace(/^((?:\u001b\[[0-9;]*m)*) +/, '$1');
}

/** A paragraph that wraps to its box, each line flush left. */
export function Para(props: TextProps) {
  return (
    <Transform transform={dropWrapSpaces}>
      <Text wrap="wrap" {...props} />
    </Transform>
  );
}
