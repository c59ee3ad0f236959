import type { Key } from 'ink';

/** The message being typed and where the cursor sits in it (a code-unit index). */
export interface Draft {
  readonly text: string;
  readonly cursor: number;
}

export const EMPTY_DRAFT: Draft = { text: '', cursor: 0 };

export function insertText(draft: Draft, text: string): Draft {
  const { cursor } = draft;
  return {
    text: draft.text.slice(0, cursor) + text + draft.text.slice(cursor),
    cursor: cursor + text.length,
  };
}

/**
 * Applies one keypress to the draft, or returns null when the key is not an edit (the caller's
 * key table handles it). Terminals send DEL for Backspace, which Ink names `delete`, so both erase
 * to the left. A paste arrives as one chunk whose line breaks are carriage returns: kept as lines.
 */
export function editDraft(draft: Draft, input: string, key: Key): Draft | null {
  const { text, cursor } = draft;
  if (key.backspace || key.delete) {
    if (cursor === 0) return draft;
    return { text: text.slice(0, cursor - 1) + text.slice(cursor), cursor: cursor - 1 };
  }
  if (key.leftArrow) return { text, cursor: Math.max(0, cursor - 1) };
  if (key.rightArrow) return { text, cursor: Math.min(text.length, cursor + 1) };
  if (key.home || (key.ctrl && input === 'a'))
    return { text, cursor: text.lastIndexOf('\n', cursor - 1) + 1 };
  if (key.end || (key.ctrl && input === 'e')) {
    const end = text.indexOf('\n', cursor);
    return { text, cursor: end < 0 ? text.length : end };
  }
  if (key.ctrl && input === 'u') return EMPTY_DRAFT;
  if (key.ctrl || key.meta || key.escape || key.tab || key.upArrow || key.downArrow || input === '')
    return null;
  if (key.return) return null;
  return insertText(draft, input.replace(/\r\n?/g, '\n'));
}
