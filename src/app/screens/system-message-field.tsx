import { Box } from 'ink';
import { Text } from '../components/text.js';
import { actionFor } from '../keys.js';
import { theme } from '../theme.js';
import { DraftView } from '../chat/draft-view.js';
import { editDraft, EMPTY_DRAFT } from '../chat/text-edit.js';
import { useLiveState } from '../chat/use-live-state.js';
import { useKeys } from '../hooks/use-keys.js';

/**
 * The text field of the add-system-message fix: starts with the text proposed (or the user's own),
 * Enter keeps what is typed (an empty field goes back to the proposed text), Esc leaves it unchanged.
 */
export function SystemMessageField({
  initial,
  proposed,
  onSave,
  onCancel,
}: {
  readonly initial: string;
  readonly proposed: string;
  readonly onSave: (text: string) => void;
  readonly onCancel: () => void;
}) {
  const [draft, setDraft, draftNow] = useLiveState({ text: initial, cursor: initial.length });
  useKeys((input, key) => {
    const action = actionFor('system', input, key);
    if (action === 'save') return onSave(draftNow.current.text);
    if (action === 'close') return onCancel();
    if (action === 'clear') return setDraft(EMPTY_DRAFT);
    // A line break inside the text would be a second instruction line: allowed, as a paste.
    const next = editDraft(draftNow.current, input, key);
    if (next) setDraft(next);
  });
  return (
    <Box flexDirection="column" borderStyle="round" paddingX={1}>
      <Text bold>The system message to add</Text>
      <DraftView draft={draft} active placeholder={proposed} />
      <Text {...theme.muted} wrap="truncate-end">
        Empty: the one proposed, &quot;{proposed}&quot;.
      </Text>
    </Box>
  );
}
