import { plural } from '../core/numbers.js';
import { displayPath } from './format.js';
import { shellQuote } from '../core/command-line.js';
import { reviewable, type Loaded } from './state/wizard-state.js';

/**
 * What leaving a review prints (q or Ctrl+C, from the review to the moment the files are written):
 * what was decided so far, that nothing was written, and how to come back. The decisions are saved as
 * they are made, so reopening the same file offers to resume them.
 */
export function reviewFarewell(state: Loaded, position: number | null, cwd: string): string {
  const fixes = reviewable(state.analysis);
  // Necessary fixes are applied whatever is decided: only the optional ones are choices.
  const ids = (decision: 'accept' | 'reject'): string[] =>
    fixes.filter((f) => f.kind === 'optional' && state.decisions[f.id] === decision).map((f) => f.id);
  const accepted = ids('accept');
  const rejected = ids('reject');
  const decided = accepted.length + rejected.length;
  const where =
    position === null
      ? `Stopped after the review of ${plural(fixes.length, 'fix', 'fixes')}`
      : `Stopped at fix ${position + 1} of ${fixes.length}`;
  const what = [
    ...(accepted.length > 0 ? [`accepted ${accepted.join(', ')}`] : []),
    ...(rejected.length > 0 ? [`rejected ${rejected.join(', ')}`] : []),
    ...(state.dropped.length > 0 ? [`${plural(state.dropped.length, 'example')} marked to drop`] : []),
  ];
  const command = `fine-tune ${shellQuote(displayPath(state.analysis.input, cwd))}`;
  return [
    `${where}: ${what.length > 0 ? what.join('; ') : 'nothing decided yet'}. Nothing was written.`,
    decided + state.dropped.length > 0
      ? `Your decisions are saved: \`${command}\` offers to resume where you stopped.`
      : `\`${command}\` starts the review again.`,
  ].join('\n');
}
