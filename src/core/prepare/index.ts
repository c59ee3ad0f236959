export {
  analyzeFile,
  analyzeFileLate,
  type LateAnalysis,
  withTokens,
  type Written,
  DEFAULT_CHAT_MODEL,
  DEFAULT_COMPLETION_MODEL,
} from './analyze.js';
export { writePrepared, countPrepared, activeFixes } from './write.js';
export { withValidationLeak } from './validation.js';
export { trainingExamples } from './outputs.js';
export { existingOutputs, freeName, OutputExistsError, outputPaths } from './names.js';
export { legacyPermutation, splitIndices, trainCount } from './split.js';
export type {
  Analysis,
  AnalyzeOptions,
  ColumnMap,
  Decisions,
  ExampleView,
  PreviewRow,
  ReadProgress,
  WriteOptions,
  WriteResult,
} from './types.js';
export { sampleExamples, affectedRows } from './explore.js';
export { rowNeighbours, type NeighboursRequest, type NeighboursResult, type RowText } from './neighbours.js';
export { sequentialFindings, sequentialRows, type SequenceOptions } from './sequence.js';
