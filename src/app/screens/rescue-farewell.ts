import { shellQuote } from '../../core/command-line.js';
import { displayPath } from '../format.js';
import type { RescueRun, RescueView } from '../state/rescue-state.js';
import { jobFarewell } from './job-screens.js';

/** The command that goes on with a rescue from where the wizard left it. */
export function rescueCommand(run: RescueRun, cwd: string): string {
  return ['fine-tune', 'rescue', run.item.model, '--out', displayPath(run.folder, cwd)]
    .map(shellQuote)
    .join(' ');
}

/** What quitting a rescue screen prints: where the rescue is kept and how to go on with it. */
export function rescueFarewell(view: RescueView, cwd: string): string | null {
  switch (view.screen) {
    case 'rescue-list':
      return null;
    case 'rescue-data':
    case 'rescue-golden':
    case 'rescue-target':
      return `Rescue of ${view.run.item.model} kept in ${displayPath(view.run.folder, cwd)}.\nGo on with: ${rescueCommand(view.run, cwd)}`;
    case 'rescue-compare': {
      const report =
        view.compared === null ? [] : [`Report: ${displayPath(view.compared.paths.markdown, cwd)}`];
      return [jobFarewell(view.panel), ...report].join('\n');
    }
  }
}

/** The job panel's farewell, plus the way to the comparison when the job retrains a rescued model. */
export function rescueJobFarewell(text: string, run: RescueRun | undefined, cwd: string): string {
  if (run === undefined) return text;
  const report = run.saved?.reports.find((r) => r.model === run.saved?.retrain?.fineTunedModel);
  return report === undefined
    ? `${text}\nThen compare it with the golden set: ${rescueCommand(run, cwd)}`
    : `${text}\nReport: ${displayPath(report.markdown, cwd)}`;
}
