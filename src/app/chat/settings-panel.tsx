import { Box } from 'ink';
import { Text } from '../components/text.js';
import type { Settings } from './chat-state.js';
import { chatActionFor } from './chat-keys.js';
import { border, theme } from './chat-theme.js';
import { Footer } from './footer.js';
import { SETTING_FIELDS } from './settings-fields.js';
import { DraftView } from './draft-view.js';
import { editDraft, type Draft } from './text-edit.js';
import { useLiveState } from './use-live-state.js';
import { useKeys } from '../hooks/use-keys.js';

/** Settings list; enter edits a field in place, enter again sets it (validated), esc goes back. */
export function SettingsPanel({
  settings,
  onDone,
  onCancel,
}: {
  readonly settings: Settings;
  readonly onDone: (settings: Settings) => void;
  readonly onCancel: () => void;
}) {
  const [draftSettings, setDraftSettings, settingsNow] = useLiveState(settings);
  const [index, setIndex, indexNow] = useLiveState(0);
  const [editing, setEditing, editingNow] = useLiveState<Draft | null>(null);
  const [problem, setProblem] = useLiveState<string | null>(null);

  useKeys((input, key) => {
    const editing = editingNow.current;
    const index = indexNow.current;
    const draftSettings = settingsNow.current;
    const field = SETTING_FIELDS[index];
    if (editing) {
      const action = chatActionFor('edit', input, key);
      if (action === 'close') return setEditing(null);
      if (action === 'commit' && field) {
        const parsed = field.parse(editing.text, draftSettings);
        if (typeof parsed === 'string') return setProblem(parsed);
        setDraftSettings(parsed);
        setProblem(null);
        return setEditing(null);
      }
      const next = editDraft(editing, input, key);
      if (next) setEditing(next);
      return;
    }
    const action = chatActionFor('list', input, key);
    if (action === 'up') setIndex(Math.max(0, index - 1));
    if (action === 'down') setIndex(Math.min(SETTING_FIELDS.length - 1, index + 1));
    if (action === 'choose' && field) {
      const text = field.show(draftSettings);
      setEditing({ text, cursor: text.length });
    }
    if (action === 'close') {
      if (draftSettings === settings) onCancel();
      else onDone(draftSettings);
    }
  });

  return (
    <Box flexDirection="column" borderStyle="round" {...border(theme.accent)} paddingX={1}>
      <Text bold>Settings</Text>
      {SETTING_FIELDS.map((f, i) => (
        <Text key={f.key} wrap="truncate-end" {...(i === index ? theme.accent : {})}>
          {i === index ? '› ' : '  '}
          {f.label}: {f.show(draftSettings)}
        </Text>
      ))}
      {editing ? <DraftView draft={editing} active placeholder="" /> : null}
      {problem ? <Text {...theme.error}>{problem}</Text> : null}
      <Footer context={editing ? 'edit' : 'list'} />
    </Box>
  );
}
