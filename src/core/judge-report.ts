import type { JudgeCost, JudgeSummary } from './judge.js';
import { formatUsd, plural, withThousands } from './numbers.js';
import { escapeControls } from './safe-text.js';

/** The plain-text judge section of `fine-tune eval --judge`, and the line that announces its cost. */

function clip(text: string, width: number): string {
  const flat = escapeControls(text.replace(/\s+/gu, ' ').trim());
  return flat.length > width ? `${flat.slice(0, width - 1)}…` : flat;
}

/** Said before judging starts: how many requests, how many answers come from the cache, the price. */
export function judgeCostLine(judge: string, total: number, cost: JudgeCost): string {
  const cached = total - cost.requests;
  const from = cached > 0 ? ` (${plural(cached, 'verdict')} from the cache)` : '';
  if (cost.requests === 0)
    return `judge ${judge}: all ${plural(total, 'answer')} already judged, nothing to pay`;
  const price =
    cost.usd === null
      ? `price unknown for ${judge}`
      : `at most about ${formatUsd(cost.usd)} at fine-tuned query rates`;
  return (
    `judge ${judge}: ${plural(cost.requests, 'request')}${from}, ` +
    `about ${withThousands(cost.inputTokens)} tokens in, ≤ ${withThousands(cost.outputTokens)} out · ${price}`
  );
}

export function renderJudgeSection(summary: JudgeSummary, width = 80): string[] {
  const mean = summary.mean === null ? 'no verdict could be read' : `${summary.mean.toFixed(2)} / 5`;
  const malformed = summary.malformed > 0 ? ` · ${plural(summary.malformed, 'malformed verdict')}` : '';
  const lines = [
    `judge ${summary.judge}: mean ${mean} over ${plural(summary.scored, 'answer')}${malformed}`,
    `scores  ${summary.counts.map((n, i) => `${i + 1}: ${n}`).join('  ')}`,
  ];
  if (summary.lowest.length > 0) {
    lines.push('', 'lowest scored:');
    for (const a of summary.lowest) {
      if (!a.verdict.ok) continue;
      lines.push(
        `  #${a.index + 1}  ${a.verdict.score}/5  ${clip(a.verdict.reason, width - 12)}`,
        `      prompt:   ${clip(a.prompt, width - 16)}`,
        `      expected: ${clip(a.expected, width - 16)}`,
        `      answer:   ${clip(a.answer, width - 16)}`,
      );
    }
  }
  if (summary.malformedAnswers.length > 0) {
    lines.push('', 'malformed verdicts (left out of the mean; asked again on the next run):');
    for (const a of summary.malformedAnswers) {
      if (a.verdict.ok) continue;
      lines.push(`  #${a.index + 1}  ${a.verdict.error}: ${clip(a.verdict.raw, width - 40)}`);
    }
  }
  return lines;
}
