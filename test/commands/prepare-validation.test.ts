import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { runInProcess } from '../helpers/cli-in-process.js';

let dir = '';
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'prepare-validation-'));
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

const jsonl = (rows: readonly object[]): string => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';

/** Generation rows with prompts of distinct words: none is near another. */
const rows = Array.from({ length: 30 }, (_, i) => ({
  prompt: `tell me about item${i} colour${i * 3} shape${i * 7} size${i * 11} weight${i * 13}`,
  completion: ` item ${i} is fine\n`,
}));

interface Report {
  findings: Array<{
    id: string;
    accepted: boolean;
    rows: { count: number; positions: number[] };
    details?: Array<{ row: number; validationRow?: number }>;
  }>;
  outputs: Array<{ path: string; examples: number }>;
}

// The first case runs the built binary; the second runs the same command in process (runInProcess).
describe('fine-tune prepare --validation', () => {
  it('lists the training rows a validation row near-copies in --json and --yes drops them from training', async () => {
    const train = join(dir, 'train.jsonl');
    const valid = join(dir, 'valid.jsonl');
    await writeFile(train, jsonl(rows));
    // Validation row 2 near-copies training row 5 (case, spacing, one word); row 1 is new.
    await writeFile(
      valid,
      jsonl([
        { prompt: 'what is a zebra made of', completion: ' stripes\n' },
        { prompt: 'TELL me  about item4 colour12 shape28 size44 WEIGHT52!', completion: ' item 4\n' },
      ]),
    );
    const before = await readFile(valid, 'utf8');
    const result = await runCli(['prepare', train, '--validation', valid, '--yes', '--json', '--out', dir]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout) as Report;
    const leak = report.findings.find((f) => f.id === 'validation-leak');
    expect(leak?.accepted).toBe(true);
    expect(leak?.rows).toEqual({ count: 1, positions: [5] });
    expect(leak?.details?.map((d) => [d.row, d.validationRow])).toEqual([[5, 2]]);
    expect(report.outputs[0]?.examples).toBe(29);
    expect(await readFile(valid, 'utf8')).toBe(before);
  });

  it('says nothing of leaks without a near-copy, and names a validation file it cannot read', async () => {
    const train = join(dir, 'clean.jsonl');
    const valid = join(dir, 'other.jsonl');
    await writeFile(train, jsonl(rows));
    await writeFile(valid, jsonl([{ prompt: 'what is a zebra made of', completion: ' stripes\n' }]));
    const clean = await runInProcess([
      'prepare',
      train,
      '--validation',
      valid,
      '--yes',
      '--json',
      '--out',
      dir,
    ]);
    expect(clean.code, clean.stderr).toBe(0);
    expect((JSON.parse(clean.stdout) as Report).findings.map((f) => f.id)).not.toContain('validation-leak');
    const missing = join(dir, 'missing.jsonl');
    const failed = await runInProcess(['prepare', train, '--validation', missing, '--yes', '--out', dir]);
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/^error: .*missing\.jsonl/m);
  });
});
