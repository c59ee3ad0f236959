import { Text as InkText } from 'ink';
import type { ComponentProps, ReactNode } from 'react';
import { escapeControls } from '../../core/safe-text.js';

type TextProps = ComponentProps<typeof InkText>;

/** Strings among the children with their control characters escaped; elements and numbers as they are. */
function shown(children: ReactNode): ReactNode {
  if (typeof children === 'string') return escapeControls(children, '\n');
  if (Array.isArray(children)) return children.map((child: ReactNode) => shown(child));
  return children;
}

/**
 * Ink's `Text`, and the only one screens use (lint forbids Ink's own): what it shows often comes from
 * data (cells, column and file names, a server's messages), and a terminal obeys the control characters
 * in it (`ESC[2J` clears the screen). They are shown as escapes (`\x1b[2J`); line breaks are kept.
 */
export function Text({ children, ...props }: Readonly<TextProps>) {
  return <InkText {...props}>{shown(children)}</InkText>;
}
