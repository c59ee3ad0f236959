/** The header's layout, shared by the Ink header and the first frame drawn before Ink loads. */

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
export type Track = ReadonlyArray<{ readonly step: Step; readonly label: string }>;
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

/** Fewer columns than this for the file name: the track shrinks to the current step alone. */
const MIN_FILE_ROOM = 16;

export interface HeaderLayout {
  readonly track: Track;
  readonly current: number;
  /** The file name, cut from the left to fit. */
  readonly shownFile: string;
  /** A narrow terminal: `position` (`Review 2/6`) stands for the whole track. */
  readonly compact: boolean;
  readonly position: string;
}

/** The steps shown (or the current one alone when the file needs the room) and the file name that fits. */
export function headerLayout(step: Step, file: string, width: number): HeaderLayout {
  const track = RESCUE_STEPS.some((s) => s.step === step) ? RESCUE_STEPS : STEPS;
  const current = track.findIndex((s) => s.step === step);
  // Labels joined by ' › ', then the name, a space, the file and at least one space before the steps.
  const stepsWidth = track.reduce((n, s) => n + s.label.length, 0) + 3 * (track.length - 1);
  const fixed = 'fine-tune  '.length + 1;
  // A narrow terminal keeps the file readable: `Review 2/6` instead of every step.
  const compact = width - stepsWidth - fixed < Math.min(file.length, MIN_FILE_ROOM);
  const position = `${track[current]?.label ?? ''} ${current + 1}/${track.length}`;
  const room = Math.max(0, width - (compact ? position.length : stepsWidth) - fixed);
  const shownFile = file.length > room ? `…${file.slice(file.length - room + 1)}` : file;
  return { track, current, shownFile, compact, position };
}
