import type { WriteResult } from './types.js';

/**
 * The examples a job trains on: the training file's, or all of them (also when the input is used as
 * it is and nothing was written). Its own light module: `prepare` reads it without loading the engine.
 */
export function trainingExamples(result: WriteResult): number {
  return result.outputs.find((o) => o.role === 'train' || o.role === 'all')?.examples ?? result.examples;
}
