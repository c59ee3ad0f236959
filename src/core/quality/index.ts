export { QualityCollector, type QualityRows } from './collector.js';
export { runQualityChecks, type QualityDetail, type QualityProgress, type QualityResult } from './checks.js';
export { runQualityOffThread } from './thread.js';
export {
  keepGroupsTogether,
  MEANING_FIXES,
  previewPositions,
  QUALITY_FIX_IDS,
  qualityFindings,
  qualityPlan,
  type QualityPlan,
} from './findings.js';

/** The checks run unless `FINE_TUNE_QUALITY=off` (or `0`, `false`) says otherwise. */
export function qualityEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  const value = env['FINE_TUNE_QUALITY']?.trim().toLowerCase();
  return value !== 'off' && value !== '0' && value !== 'false';
}
