import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../../src/core/prepare/index.js';
import { isClassification } from '../../src/core/task-kind.js';
import { taskKind } from '../../src/core/eval-metrics.js';

/** `count` completions taking `distinct` values. */
function answers(count: number, distinct: number): string[] {
  return Array.from({ length: count }, (_, i) => `label ${i % distinct}`);
}

describe('the classification rule', () => {
  it('is classification below a third of the rows in distinct completions, and not at a third', () => {
    expect(isClassification(9, 30)).toBe(true);
    expect(isClassification(10, 30)).toBe(false);
    expect(isClassification(0, 0)).toBe(false);
  });

  it('is the rule eval scores by, at the same boundary', () => {
    expect(taskKind(answers(30, 9))).toBe('classification');
    expect(taskKind(answers(30, 10))).toBe('generation');
    expect(taskKind([])).toBe('generation');
  });
});

describe('prepare asks the same rule', () => {
  it('calls 30 rows of 9 labels classification, and of 10 labels conditional generation', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ft-task-kind-'));
    const typeOf = async (distinct: number) => {
      const path = join(dir, `d${distinct}.jsonl`);
      const rows = answers(30, distinct).map((c, i) =>
        JSON.stringify({ prompt: `q${i} ->`, completion: ` ${c}` }),
      );
      await writeFile(path, `${rows.join('\n')}\n`);
      return (await analyzeFile(path)).taskType;
    };
    expect(await typeOf(9)).toBe('classification');
    expect(await typeOf(10)).toBe('conditional generation');
  });
});
