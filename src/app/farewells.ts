import { suggestedModel } from '../api/provider.js';
import { PROFILES } from '../api/providers/index.js';
import { nextCommand, shellQuote } from '../core/command-line.js';
import { DEFAULT_CHAT_MODEL } from '../core/tokens.js';
import { plural } from '../core/numbers.js';
import type { Analysis, WriteResult } from './engine.js';
import { displayPath } from './format.js';
import { isFinal, type Panel } from './state/panel.js';
import { chosenModel, type ModelStep } from './state/model-step.js';
import type { RescueRun, RescueView } from './state/rescue-state.js';

/**
 * What the wizard prints once Ink is gone, so the paths and the next command stay in the scrollback:
 * after writing, at the model step, from the job panel and from the rescue screens. Kept out of the
 * screens, which all use them (and interrupt.ts, for Ctrl+C).
 */

/** The command for the next step (core/command-line.ts), paths as the screen shows them. */
export function createCommand(result: WriteResult, input: string, model: string, cwd: string): string {
  return nextCommand(result.outputs, input, model, (path) => displayPath(path, cwd));
}

/** The model the next command suggests before one is chosen: the estimate's, made fine-tunable. */
export function defaultModel(analysis: Analysis): string {
  return suggestedModel(analysis.estimate?.model ?? DEFAULT_CHAT_MODEL);
}

/** Printed after the wizard closes, so the paths and the next command stay in the scrollback. */
export function farewell(result: WriteResult, input: string, model: string, cwd: string): readonly string[] {
  const written = result.unchanged
    ? ['The file can be used as it is.']
    : result.outputs.map((o) => `wrote ${displayPath(o.path, cwd)} (${plural(o.examples, 'example')})`);
  return [...written, `next: ${createCommand(result, input, model, cwd)}`];
}

/** What to print once Ink is gone, so the next command stays in the scrollback. */
export function jobFarewell(panel: Panel): string {
  const { job } = panel;
  const note = PROFILES[panel.record.provider].servingNote;
  if (job.status === 'succeeded' && note !== null) {
    return `Job ${job.id} succeeded${job.fine_tuned_model ? `: ${job.fine_tuned_model}` : ''}.\n${note}`;
  }
  if (job.status === 'succeeded' && job.fine_tuned_model) {
    return `Job ${job.id} succeeded: ${job.fine_tuned_model}\nTalk to it: fine-tune chat ${job.fine_tuned_model}`;
  }
  if (isFinal(panel)) return `Job ${job.id} ${job.status}.`;
  return `Job ${job.id} goes on (${job.status}). Watch it again with:\nfine-tune follow ${job.id}`;
}

/** At the model step: what was written, and the command with the model chosen so far. */
export function modelFarewell(step: ModelStep, analysis: Analysis, cwd: string): string {
  return farewell(step.result, analysis.input, chosenModel(step)?.id ?? analysis.model, cwd).join('\n');
}

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
