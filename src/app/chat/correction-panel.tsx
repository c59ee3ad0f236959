import { Box } from 'ink';
import { Text } from '../components/text.js';
import { chatActionFor } from './chat-keys.js';
import { theme } from './chat-theme.js';
import { DraftView } from './draft-view.js';
import { Footer } from './footer.js';
import { correctionKeyOf, useCorrectionDraft } from './use-correction-draft.js';

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
  const draft = useCorrectionDraft(
    answer,
    (input, key) =>
      correctionKeyOf(chatActionFor('correct', input, key), { save: 'commit', cancel: 'close' }),
    onSave,
    onCancel,
  );
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
