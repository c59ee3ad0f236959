import { Box } from 'ink';
import { Text } from '../components/text.js';
import { chatActionFor } from './chat-keys.js';
import { border, theme } from './chat-theme.js';
import { DraftView } from './draft-view.js';
import { Footer } from './footer.js';
import { editDraft, EMPTY_DRAFT, type Draft } from './text-edit.js';
import { useLiveState } from './use-live-state.js';
import type { ModelChoice } from './use-model-choices.js';
import { useKeys } from '../hooks/use-keys.js';
import { SelectList } from '../components/select-list.js';

/** Switches the model the next messages go to; the last row takes any model id. */
export function ModelPicker({
  choices,
  current,
  onChoose,
  onCancel,
}: {
  readonly choices: readonly ModelChoice[];
  readonly current: string;
  readonly onChoose: (model: string) => void;
  readonly onCancel: () => void;
}) {
  const rows = [...choices, { id: '', label: 'any model id…' }];
  const [index, setIndex, indexNow] = useLiveState(
    Math.max(
      0,
      choices.findIndex((c) => c.id === current),
    ),
  );
  const [typing, setTyping, typingNow] = useLiveState<Draft | null>(null);

  useKeys((input, key) => {
    const typing = typingNow.current;
    const index = indexNow.current;
    if (typing) {
      const action = chatActionFor('edit', input, key);
      if (action === 'close') return setTyping(null);
      if (action === 'commit') {
        if (typing.text.trim() !== '') onChoose(typing.text.trim());
        return;
      }
      const next = editDraft(typing, input, key);
      if (next) setTyping(next);
      return;
    }
    const action = chatActionFor('list', input, key);
    if (action === 'up') setIndex(Math.max(0, index - 1));
    if (action === 'down') setIndex(Math.min(rows.length - 1, index + 1));
    if (action === 'close') onCancel();
    if (action === 'choose') {
      const row = rows[index];
      if (row && row.id !== '') onChoose(row.id);
      else setTyping(EMPTY_DRAFT);
    }
  });

  return (
    <Box flexDirection="column" borderStyle="round" {...border(theme.accent)} paddingX={1}>
      <Text bold>Model</Text>
      <SelectList
        items={rows.map((row, i) => ({
          key: `${row.id}-${i}`,
          label: (
            <Text wrap="truncate-middle" {...(i === index ? theme.accent : {})}>
              {row.id === current ? '● ' : '  '}
              {row.id !== '' ? `${row.id}  ` : ''}
              <Text {...theme.muted}>{row.label}</Text>
            </Text>
          ),
        }))}
        cursor={index}
        room={rows.length}
      />
      {typing ? <DraftView draft={typing} active placeholder="model id, e.g. ft:…:ckpt-step-40" /> : null}
      <Footer context={typing ? 'edit' : 'list'} />
    </Box>
  );
}
