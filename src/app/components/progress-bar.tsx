import type { RecordProgress } from '../../rescue/record-answers.js';
import { progressWords } from '../../rescue/words.js';
import { Text } from './text.js';
import { theme } from '../theme.js';

/** `████████░░░░░░  52%`; the bar takes the given width. */
export function ProgressBar({ fraction, width }: { readonly fraction: number; readonly width: number }) {
  const clamped = Math.min(1, Math.max(0, Number.isFinite(fraction) ? fraction : 0));
  const barWidth = Math.max(4, width - 6);
  const filled = Math.round(clamped * barWidth);
  return (
    <Text>
      <Text {...theme.accent}>{'█'.repeat(filled)}</Text>
      <Text {...theme.muted}>{'░'.repeat(barWidth - filled)}</Text>
      <Text> {`${Math.round(clamped * 100)}%`.padStart(4)}</Text>
    </Text>
  );
}

/** The rescue's answers asked so far (golden set, comparison): a bar and `12 of 40 answers · …`. */
export function AnswersProgress({
  progress: p,
  width,
  hideClock,
}: {
  readonly progress: RecordProgress | null;
  readonly width: number;
  readonly hideClock: boolean;
}) {
  return (
    <>
      <ProgressBar
        fraction={p === null || p.total === 0 ? 0 : p.done / p.total}
        width={Math.min(60, width)}
      />
      <Text wrap="truncate">{p === null ? 'Starting…' : progressWords(p, { hideClock })}</Text>
    </>
  );
}
