import { Box } from 'ink';
import { Text } from './text.js';
import { theme } from '../theme.js';

export type Step =
  | 'load'
  | 'review'
  | 'samples'
  | 'write'
  | 'model'
  | 'train'
  | 'inventory'
  | 'data'
  | 'golden'
  | 'retrain'
  | 'compare';
type Track = ReadonlyArray<{ readonly step: Step; readonly label: string }>;
const STEPS: Track = [
  { step: 'load', label: 'Load' },
  { step: 'review', label: 'Review' },
  { step: 'samples', label: 'Samples' },
  { step: 'write', label: 'Write' },
  { step: 'model', label: 'Model' },
  { step: 'train', label: 'Train' },
];
/** The rescue path's own steps (DESIGN: inventory → keep the data → golden set → retrain → compare). */
const RESCUE_STEPS: Track = [
  { step: 'inventory', label: 'Inventory' },
  { step: 'data', label: 'Data' },
  { step: 'golden', label: 'Golden set' },
  { step: 'retrain', label: 'Retrain' },
  { step: 'compare', label: 'Compare' },
];

/** One line: the app name, the file, and where the user is among the steps. */
export function Header({
  step,
  file,
  width,
}: {
  readonly step: Step;
  readonly file: string;
  readonly width: number;
}) {
  const track = RESCUE_STEPS.some((s) => s.step === step) ? RESCUE_STEPS : STEPS;
  const current = track.findIndex((s) => s.step === step);
  // Labels joined by ' › ', then the name, a space, the file and at least one space before the steps.
  const stepsWidth = track.reduce((n, s) => n + s.label.length, 0) + 3 * (track.length - 1);
  const room = Math.max(0, width - stepsWidth - 'fine-tune  '.length - 1);
  const shownFile = file.length > room ? `…${file.slice(file.length - room + 1)}` : file;
  return (
    <Box justifyContent="space-between" width={width}>
      <Text>
        <Text bold {...theme.accent}>
          fine-tune
        </Text>
        <Text {...theme.muted}> {shownFile}</Text>
      </Text>
      <Text>
        {track.map((s, i) => (
          <Text key={s.step}>
            {i > 0 ? <Text {...theme.muted}> › </Text> : null}
            {i === current ? (
              <Text bold underline {...theme.accent}>
                {s.label}
              </Text>
            ) : (
              <Text {...(i < current ? {} : theme.muted)}>{s.label}</Text>
            )}
          </Text>
        ))}
      </Text>
    </Box>
  );
}
