import type { Finding } from '../findings.js';
import type { Source } from '../read/types.js';
import {
  previewPositions,
  qualityFindings,
  qualityPlan,
  runQualityOffThread,
  type QualityPlan,
  type QualityProgress,
  type QualityResult,
  type QualityRows,
} from '../quality/index.js';
import { RemoteQualityCollector } from '../quality/remote-collector.js';
import { collectedRows, runQualityOnCollected } from '../quality/thread.js';
import { unnamedRows, withLabelTexts, withoutTies } from '../quality/label-texts.js';
import type { taskTypeOf } from './checks-table.js';
import type { PassOneResult } from './pass1.js';
import { wantedRecords } from './records.js';
import { TableReader } from './table.js';
import type { Analysis, AnalyzeOptions } from './types.js';

export interface QualityOutcome {
  readonly findings: Finding[];
  readonly plan: QualityPlan;
}

/**
 * The quality checks (docs/quality-checks.md) over what pass 1 kept; when they find something, the
 * rows their previews show are read again (only then: a clean file costs no extra read). `ownThread`:
 * on a thread of their own even when called off the main one (prepare --yes runs them while it writes).
 */
export async function qualityChecks(
  source: Source,
  options: AnalyzeOptions,
  pass: PassOneResult,
  task: ReturnType<typeof taskTypeOf>,
  ownThread = false,
): Promise<QualityOutcome | null> {
  const collector = pass.stats.quality;
  pass.stats.quality = null;
  if (collector === null) return null;
  const input = {
    classification: task === 'classification',
    openEnded: task === 'open-ended generation',
    duplicates: pass.stats.duplicates.first(Infinity),
    signal: options.signal,
    onProgress: (checking: QualityProgress) =>
      options.onProgress?.({ bytesRead: source.totalBytes, totalBytes: source.totalBytes, checking }),
  };
  let checked: QualityResult;
  let labels: QualityRows['labels'];
  if (collector instanceof RemoteQualityCollector && ownThread) {
    // Pass 1's rows were read on the checks' thread (prepare --yes): the checks run there.
    ({ result: checked, labels } = await runQualityOnCollected(collector, input));
  } else {
    const data =
      collector instanceof RemoteQualityCollector ? await collectedRows(collector) : collector.result();
    labels = data.labels;
    checked = await runQualityOffThread({ data, ...input }, ownThread);
  }
  // Generation data: an answer past the ones the collector names is read again for its group's name.
  const unnamed = task === 'classification' ? [] : unnamedRows(checked, labels);
  const wanted = new Set([...previewPositions(checked), ...unnamed]);
  if (wanted.size === 0) return null;
  const texts = new Map<number, { prompt: string; completion: string }>();
  const table = new TableReader(
    pass.facts.columns,
    options.columnMap ?? {},
    source.label,
    source.positionLabel,
  );
  await wantedRecords(
    source,
    wanted,
    (position, value) => {
      if (table.read(position, value) === 'kept')
        texts.set(position, { prompt: table.prompt, completion: table.completion });
    },
    { signal: options.signal },
  );
  const completions = new Map([...texts].map(([p, t]) => [p, t.completion]));
  const result =
    task === 'classification' ? checked : withoutTies(withLabelTexts(checked, labels, completions));
  return { findings: qualityFindings(result, texts, source.positionLabel), plan: qualityPlan(result) };
}

/**
 * A prompt/completion analysis with the checks' findings and plan. The findings go after the fixes that
 * remove rows (6, 7), before those that change every row: a relabelled completion then gets the same
 * form fixes as the others.
 */
export function withQualityOutcome(analysis: Analysis, quality: QualityOutcome | null): Analysis {
  if (quality === null || analysis.plan?.kind !== 'prompt-completion') return analysis;
  const findings = [...analysis.findings];
  const after = findings.findLastIndex((f) => f.id === 'duplicates' || f.id === 'long-examples');
  const at = after >= 0 ? after + 1 : findings.findIndex((f) => f.kind === 'optional');
  findings.splice(at >= 0 ? at : findings.length, 0, ...quality.findings);
  return { ...analysis, findings, plan: { ...analysis.plan, quality: quality.plan } };
}
