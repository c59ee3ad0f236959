import { copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile, writePrepared } from '../../../src/core/prepare/index.js';

const FIXTURES = fileURLToPath(new URL('../../fixtures/prepare/', import.meta.url));

interface Expected {
  error: string | null;
  necessary: string[];
  optional: string[];
  task_type: string | null;
  records: Array<{ prompt: string; completion: string }> | null;
  split: { train: unknown[]; valid: unknown[] } | null;
  classification: { n_classes: number; positive_class: string | null } | null;
}

const names = (await readdir(FIXTURES)).filter((n) => n !== 'README.md' && !n.endsWith('.expected.json'));

async function readJsonl(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  expect(text.endsWith('\n')).toBe(true);
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as unknown);
}

describe('prepare fixtures (every optional fix and the split accepted)', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'prepare-fixtures-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it.each(names)('%s gives exactly the expected result', async (name) => {
    const expected = JSON.parse(await readFile(join(FIXTURES, `${name}.expected.json`), 'utf8')) as Expected;
    const input = join(dir, name);
    await copyFile(join(FIXTURES, name), input);
    const before = await readFile(input);
    const analysis = await analyzeFile(input);
    expect(analysis.error?.id ?? null).toBe(expected.error);
    expect(analysis.findings.filter((f) => f.kind === 'necessary').map((f) => f.id)).toEqual(
      expected.necessary,
    );
    expect(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id)).toEqual(
      expected.optional,
    );
    expect(analysis.taskType).toBe(expected.task_type);
    if (expected.error !== null) return;

    const accepted = new Set(analysis.findings.filter((f) => f.kind === 'optional').map((f) => f.id));
    const all = await writePrepared(
      analysis,
      { accepted, split: false },
      { outDir: join(dir, `${name}-all`) },
    );
    const records = all.unchanged ? await readJsonl(input) : await readJsonl(all.outputs[0]?.path ?? '');
    expect(records).toEqual(expected.records);
    const classification = all.classification && {
      n_classes: all.classification.nClasses,
      positive_class: all.classification.positiveClass,
    };
    expect(classification).toEqual(expected.classification);

    if (expected.split) {
      const result = await writePrepared(
        analysis,
        { accepted, split: true },
        { outDir: join(dir, `${name}-split`) },
      );
      expect(result.outputs.map((o) => o.role)).toEqual(['train', 'valid']);
      expect(await readJsonl(result.outputs[0]?.path ?? '')).toEqual(expected.split.train);
      expect(await readJsonl(result.outputs[1]?.path ?? '')).toEqual(expected.split.valid);
    } else {
      expect(analysis.taskType === 'classification' ? 'classification' : null).toBeNull();
    }
    expect(await readFile(input)).toEqual(before);
  });
});
