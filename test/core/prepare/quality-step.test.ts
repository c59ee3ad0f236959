import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../src/core/findings.js';
import { withQualityOutcome } from '../../../src/core/prepare/quality-step.js';
import type { Analysis } from '../../../src/core/prepare/types.js';
import type { QualityPlan } from '../../../src/core/quality/index.js';

// Where the quality checks' findings go among an analysis's findings: after the fixes that remove rows,
// before those that change every row (so a relabelled completion gets the same form fixes).

const finding = (id: string, kind: Finding['kind'] = 'optional') =>
  ({ id, kind, message: id, detail: '', rows: { count: 1, positions: [1] } }) as unknown as Finding;

const plan: QualityPlan = { mislabelled: new Map([[1, 'a']]), conflicting: new Map(), groups: new Map() };
const quality = { findings: [finding('likely-mislabelled'), finding('conflicting-labels')], plan };

function analysis(
  ids: Array<string | [string, Finding['kind']]>,
  kind: 'prompt-completion' | 'chat' | null = 'prompt-completion',
) {
  return {
    findings: ids.map((id) => (typeof id === 'string' ? finding(id) : finding(...id))),
    plan: kind === null ? null : { kind, separator: ' ->' },
  } as unknown as Analysis;
}

const ids = (a: Analysis) => a.findings.map((f) => f.id);

describe('withQualityOutcome', () => {
  it('puts the findings after the last fix that removes rows, and adds the plan', () => {
    const a = analysis([['few', 'info'], 'duplicates', 'long-examples', 'uppercase-prompts']);
    const out = withQualityOutcome(a, quality);
    expect(ids(out)).toEqual([
      'few',
      'duplicates',
      'long-examples',
      'likely-mislabelled',
      'conflicting-labels',
      'uppercase-prompts',
    ]);
    expect(out.plan).toEqual({ kind: 'prompt-completion', separator: ' ->', quality: plan });
    // The analysis given is not changed.
    expect(ids(a)).toEqual(['few', 'duplicates', 'long-examples', 'uppercase-prompts']);
    expect(a.plan).not.toHaveProperty('quality');
    // Duplicates alone, then long examples alone.
    expect(ids(withQualityOutcome(analysis(['duplicates', 'prompt-prefix']), quality))).toEqual([
      'duplicates',
      'likely-mislabelled',
      'conflicting-labels',
      'prompt-prefix',
    ]);
    expect(ids(withQualityOutcome(analysis(['long-examples', 'prompt-prefix']), quality))).toEqual([
      'long-examples',
      'likely-mislabelled',
      'conflicting-labels',
      'prompt-prefix',
    ]);
  });

  it('without a fix that removes rows, puts them before the first optional fix, or last', () => {
    const first = analysis([['missing', 'necessary'], ['few', 'info'], 'uppercase-prompts', 'prompt-prefix']);
    expect(ids(withQualityOutcome(first, quality))).toEqual([
      'missing',
      'few',
      'likely-mislabelled',
      'conflicting-labels',
      'uppercase-prompts',
      'prompt-prefix',
    ]);
    const none = analysis([
      ['missing', 'necessary'],
      ['few', 'info'],
    ]);
    expect(ids(withQualityOutcome(none, quality))).toEqual([
      'missing',
      'few',
      'likely-mislabelled',
      'conflicting-labels',
    ]);
    expect(ids(withQualityOutcome(analysis([]), quality))).toEqual([
      'likely-mislabelled',
      'conflicting-labels',
    ]);
  });

  it('returns the analysis itself when the checks found nothing, or for chat data and no plan', () => {
    const a = analysis(['duplicates']);
    expect(withQualityOutcome(a, null)).toBe(a);
    const chat = analysis(['duplicates'], 'chat');
    expect(withQualityOutcome(chat, quality)).toBe(chat);
    const noPlan = analysis(['duplicates'], null);
    expect(withQualityOutcome(noPlan, quality)).toBe(noPlan);
  });
});
