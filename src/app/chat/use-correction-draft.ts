import type { Key } from 'ink';
import { useKeys } from '../hooks/use-keys.js';
import { editDraft, insertText, type Draft } from './text-edit.js';
import { useLiveState } from './use-live-state.js';

/** What a key does in a correction field, from the caller's own key table. */
export type CorrectionKey = 'save' | 'cancel' | 'newline' | undefined;

/** A caller's action names for save, cancel and a new line, read as what they do in the field. */
export function correctionKeyOf(
  action: string | undefined,
  names: { readonly save: string; readonly cancel: string },
): CorrectionKey {
  if (action === undefined) return undefined;
  if (action === names.save) return 'save';
  if (action === names.cancel) return 'cancel';
  return action === 'newline' ? 'newline' : undefined;
}

/**
 * A correction being typed (the chat tester's and the eval screen's): prefilled with the model's answer,
 * multi-line, saved by Enter when not empty. Text and Enter arriving in one chunk (fast typing, tmux, a
 * paste) are typed, then saved.
 */
export function useCorrectionDraft(
  answer: string,
  keyOf: (input: string, key: Key) => CorrectionKey,
  onSave: (text: string) => void,
  onCancel: () => void,
): Draft {
  const start = answer.trim();
  const [draft, setDraft, draftNow] = useLiveState({ text: start, cursor: start.length });
  useKeys((input, key) => {
    if (/^[^\p{Cc}]+\r$/u.test(input)) {
      const typed = insertText(draftNow.current, input.slice(0, -1));
      setDraft(typed);
      if (typed.text.trim() !== '') onSave(typed.text);
      return;
    }
    const action = keyOf(input, key);
    if (action === 'save') {
      if (draftNow.current.text.trim() !== '') onSave(draftNow.current.text);
      return;
    }
    if (action === 'cancel') return onCancel();
    if (action === 'newline') return setDraft(insertText(draftNow.current, '\n'));
    const next = editDraft(draftNow.current, input, key);
    if (next) setDraft(next);
  });
  return draft;
}
