import { agree } from '../numbers.js';
import type { WriteResult } from './types.js';

/**
 * The examples a job trains on: the training file's, or all of them (also when the input is used as
 * it is and nothing was written). Its own light module: `prepare` reads it without loading the engine.
 */
export function trainingExamples(result: WriteResult): number {
  return result.outputs.find((o) => o.role === 'train' || o.role === 'all')?.examples ?? result.examples;
}

function classList(labels: readonly string[]): string {
  const shown = labels.slice(0, 5).map((l) => JSON.stringify(l));
  return labels.length > 5 ? `${shown.join(', ')} and ${labels.length - 5} more` : shown.join(', ');
}

/**
 * What a split left out: classes with no example in the validation file (their accuracy cannot be
 * measured) or none in training (the model cannot learn them), and what to do about it.
 */
export function missingClassNotes(result: WriteResult): string[] {
  const missing = result.missingClasses;
  if (missing === null) return [];
  const notes: string[] = [];
  const { validation, training } = missing;
  if (validation.length > 0) {
    notes.push(
      `No example of ${agree(validation.length, 'class', 'classes')} ${classList(validation)} in the validation file: ${agree(validation.length, 'its', 'their')} accuracy cannot be measured there.`,
    );
  }
  if (training.length > 0) {
    notes.push(
      `No example of ${agree(training.length, 'class', 'classes')} ${classList(training)} in the training file: the model cannot learn ${agree(training.length, 'it', 'them')}.`,
    );
  }
  if (notes.length > 0)
    notes.push('A stratified split keeps every class of two examples or more in both files.');
  return notes;
}
