import * as prepare from '../core/prepare/index.js';
import type { Engine } from './engine.js';

/**
 * The engine the wizard runs on. `affectedRows` and `sampleExamples` fall back to what the analysis
 * already holds when the engine does not offer them.
 */
export function realEngine(): Engine {
  const module = prepare as Partial<Engine> & Pick<Engine, 'analyzeFile' | 'writePrepared'>;
  return {
    analyzeFile: module.analyzeFile,
    writePrepared: module.writePrepared,
    affectedRows:
      module.affectedRows ??
      (async (analysis, findingId, { offset, limit }) => {
        const finding = analysis.findings.find((f) => f.id === findingId);
        return {
          total: finding?.preview.length ?? 0,
          rows: finding?.preview.slice(offset, offset + limit) ?? [],
        };
      }),
    sampleExamples: module.sampleExamples ?? (async () => []),
  };
}
