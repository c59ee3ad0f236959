import { chatTurn } from '../chat/quality.js';
import type { Finding } from '../findings.js';
import type { Source } from '../read/types.js';
import {
  previewPositions,
  qualityFindings,
  qualityPlan,
  runQualityOffThread,
  type QualityCollector,
  type QualityPlan,
} from '../quality/index.js';
import { unnamedRows, withLabelTexts, withoutTies } from '../quality/label-texts.js';
import type { AnalyzeOptions } from './types.js';
import { wantedRecords } from './records.js';

/**
 * The quality checks over chat data (docs/quality-checks.md, "Chat data"): conflicting answers to the
 * same conversation. The rows the findings show, and the answers the fix writes, are read again.
 */
export async function chatQualityChecks(
  source: Source,
  options: AnalyzeOptions,
  collector: QualityCollector,
  duplicates: ReadonlySet<number>,
): Promise<{ findings: Finding[]; plan: QualityPlan } | null> {
  const data = collector.result();
  const checked = await runQualityOffThread({
    data,
    classification: false,
    openEnded: false,
    duplicates: Uint32Array.from(duplicates),
    signal: options.signal,
    onProgress: (checking) =>
      options.onProgress?.({ bytesRead: source.totalBytes, totalBytes: source.totalBytes, checking }),
  });
  const unnamed = unnamedRows(checked, data.labels);
  const wanted = new Set([...previewPositions(checked), ...unnamed]);
  if (wanted.size === 0) return null;
  const texts = new Map<number, { prompt: string; completion: string }>();
  await wantedRecords(
    source,
    wanted,
    (position, value) => {
      const turn = chatTurn(value);
      if (turn !== null) texts.set(position, { prompt: turn.prompt, completion: turn.answer });
    },
    { signal: options.signal },
  );
  const answers = new Map([...texts].map(([p, t]) => [p, t.completion]));
  const result = withoutTies(withLabelTexts(checked, data.labels, answers));
  return { findings: qualityFindings(result, texts, source.positionLabel), plan: qualityPlan(result) };
}
