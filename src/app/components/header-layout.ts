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

/** The steps shown, the current one's index, and the file name cut from the left to fit `width`. */
export function headerLayout(
  step: Step,
  file: string,
  width: number,
): { readonly track: Track; readonly current: number; readonly shownFile: string } {
  const track = RESCUE_STEPS.some((s) => s.step === step) ? RESCUE_STEPS : STEPS;
  const current = track.findIndex((s) => s.step === step);
  // Labels joined by ' › ', then the name, a space, the file and at least one space before the steps.
  const stepsWidth = track.reduce((n, s) => n + s.label.length, 0) + 3 * (track.length - 1);
  const room = Math.max(0, width - stepsWidth - 'fine-tune  '.length - 1);
  const shownFile = file.length > room ? `…${file.slice(file.length - room + 1)}` : file;
  return { track, current, shownFile };
}
