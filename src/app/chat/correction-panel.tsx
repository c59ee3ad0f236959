import { Box } from 'ink';
import { Text } from '../components/text.js';
import { useKeys } from '../hooks/use-keys.js';
import { chatActionFor } from './chat-keys.js';
import { theme } from './chat-theme.js';
import { DraftView } from './draft-view.js';
import { Footer } from './footer.js';
import { editDraft, insertText } from './text-edit.js';
import { useLiveState } from './use-live-state.js';

/**
 * The answer as it should have been: a text field prefilled with the model's answer (multi-line, as
 * answers are), Enter saves it as a training row, Esc leaves without saving.
 */
export function CorrectionPanel({
  question,
  answer,
  onSave,
  onCancel,
}: {
  readonly question: string;
  readonly answer: string;
  readonly onSave: (text: string) => void;
  readonly onCancel: () => void;
}) {
  const start = answer.trim();
  const [draft, setDraft, draftNow] = useLiveState({ text: start, cursor: start.length });
  useKeys((input, key) => {
    // Text and Enter in one chunk (fast typing, tmux, a paste): type it, then save.
    if (/^[^\p{Cc}]+\r$/u.test(input)) {
      const typed = insertText(draftNow.current, input.slice(0, -1));
      setDraft(typed);
      if (typed.text.trim() !== '') onSave(typed.text);
      return;
    }
    const action = chatActionFor('correct', input, key);
    if (action === 'commit') {
      if (draftNow.current.text.trim() !== '') onSave(draftNow.current.text);
      return;
    }
    if (action === 'close') return onCancel();
    if (action === 'newline') return setDraft(insertText(draftNow.current, '\n'));
    const next = editDraft(draftNow.current, input, key);
    if (next) setDraft(next);
  });
  return (
    <Box flexDirection="column">
      <Text {...theme.muted} wrap="truncate-end">
        The right answer to: {question.replace(/\s+/gu, ' ')}
      </Text>
      <DraftView draft={draft} active placeholder="the answer it should give" />
      <Footer context="correct" />
    </Box>
  );
}
