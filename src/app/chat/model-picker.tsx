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
import type { BestScored } from '../../core/best-scored.js';
import { checkpointLabel } from '../../core/eval-report.js';

const NOTHING_HIDDEN: ReadonlySet<string> = new Set();
const HIDE_BEST: ReadonlySet<string> = new Set(['best']);

/**
 * Switches the model the next messages go to; the last row takes any model id. The job's best model by
 * its stored scores is marked ★ and `b` switches to it.
 */
export function ModelPicker({
  choices,
  best = null,
  current,
  onChoose,
  onCancel,
}: {
  readonly choices: readonly ModelChoice[];
  readonly best?: BestScored | null;
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
    const action = chatActionFor('models', input, key);
    if (action === 'best' && best !== null) return onChoose(best.model);
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
              {row.best === true ? <Text {...theme.accent}> ★ best</Text> : null}
            </Text>
          ),
        }))}
        cursor={index}
        room={rows.length}
      />
      {typing ? <DraftView draft={typing} active placeholder="model id, e.g. ft:…:ckpt-step-40" /> : null}
      {best === null ? null : (
        <Text wrap="truncate-end" {...theme.muted}>
          ★ {checkpointLabel(best.model)} scored best: {(best.score * 100).toFixed(1)}% {best.metric} on{' '}
          {best.file}
        </Text>
      )}
      <Footer context={typing ? 'edit' : 'models'} hidden={best === null ? HIDE_BEST : NOTHING_HIDDEN} />
    </Box>
  );
}
