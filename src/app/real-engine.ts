import {
  affectedRows,
  analyzeFile,
  countPrepared,
  rowNeighbours,
  sampleExamples,
  sequentialFindings,
  withTokens,
  writePrepared,
} from '../core/prepare/index.js';
import { listSheets } from '../core/read/spreadsheet.js';
import type { Engine } from './engine.js';

/** The engine the wizard runs on (tests pass hand-made ones). */
export function realEngine(): Engine {
  return {
    analyzeFile,
    writePrepared,
    countPrepared,
    sampleExamples,
    affectedRows,
    sequentialFindings,
    listSheets,
    rowNeighbours,
    writtenTokens: (analysis, written) => withTokens(analysis, { written }),
  };
}
