import { readdirSync, statSync } from 'node:fs';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  analyzeFile,
  analyzeFileLate,
  writePrepared,
  type Analysis,
} from '../../../src/core/prepare/index.js';
import { acceptedByFlags, parseFlags } from '../../../src/commands/prepare/flags.js';
import { QUALITY_FIX_IDS } from '../../../src/core/quality/findings.js';
import { runInProcess } from '../../helpers/cli-in-process.js';
import { runCli } from '../../helpers/run-cli.js';
import { ids, writeRows } from '../prepare/helpers.js';
import { nearCopy, seeded, topicCorpus, type Example } from './topic-corpus.js';

/**
 * `prepare --yes` runs the quality checks while it writes (core/prepare/analyze.ts, analyzeFileLate):
 * the split, drawn after pass 2, waits for their groups. Whatever runs late, the files written and the
 * findings reported must be those of the checks run first.
 */

/** A topic set with near-copies of its first rows appended: split-leak groups the split would cut. */
function leakyRows(rows: number, copies: number, seed = 12): Example[] {
  const { examples } = topicCorpus({ rows, noise: 0.02, seed });
  const random = seeded(seed + 1);
  for (let k = 0; k < copies; k++) {
    const e = examples[k] as Example;
    examples.push({ prompt: nearCopy(e.prompt, random), completion: e.completion });
  }
  return examples;
}

const yes = (analysis: Analysis, late: boolean): Set<string> => {
  const proposed = ids(analysis, 'optional');
  return acceptedByFlags(parseFlags({ yes: true }), late ? [...proposed, ...QUALITY_FIX_IDS] : proposed);
};

/** Every file of a folder, by name. */
async function filesOf(dir: string): Promise<Map<string, string>> {
  const names = (await readdir(dir)).sort();
  return new Map(
    await Promise.all(names.map(async (n) => [n, await readFile(join(dir, n), 'utf8')] as const)),
  );
}

describe('quality checks run while writing (prepare --yes)', () => {
  it('give the analysis without their findings first, then the same findings as checks run first', async () => {
    const file = await writeRows(leakyRows(300, 40));
    const first = await analyzeFile(file);
    const { analysis, completed } = await analyzeFileLate(file);
    expect(ids(first)).toContain('split-leak');
    expect(ids(analysis)).not.toContain('split-leak');
    expect(completed).not.toBeNull();
    const whole = await completed;
    expect(whole?.findings).toEqual(first.findings);
    expect(whole?.plan).toEqual(first.plan);
  });

  it('write the split the checks run first write: no near-duplicate group on both sides', async () => {
    const file = await writeRows(leakyRows(300, 40));
    const first = await analyzeFile(file);
    const before = await mkdtemp(join(tmpdir(), 'late-before-'));
    await writePrepared(first, { accepted: yes(first, false), split: true }, { outDir: before });
    const { analysis, completed } = await analyzeFileLate(file);
    const after = await mkdtemp(join(tmpdir(), 'late-after-'));
    const options = { outDir: after, completed: completed ?? undefined };
    await writePrepared(analysis, { accepted: yes(analysis, true), split: true }, options);
    expect(await filesOf(after)).toEqual(await filesOf(before));
    // Without the late groups the split differs: the test would see a split that ignored them.
    const ignored = await mkdtemp(join(tmpdir(), 'late-ignored-'));
    await writePrepared(analysis, { accepted: yes(analysis, true), split: true }, { outDir: ignored });
    expect(await filesOf(ignored)).not.toEqual(await filesOf(before));
  });

  it('leave the writer time to spare once every row is written, before the split waits for them', async () => {
    const file = await writeRows(leakyRows(300, 40));
    const { analysis, completed } = await analyzeFileLate(file);
    const outDir = await mkdtemp(join(tmpdir(), 'late-hook-'));
    // The split gets the checks only once the hook has run: a hook called after the wait never ends it.
    let release: (value: Analysis) => void = () => undefined;
    const gate = new Promise<Analysis>((resolve) => (release = resolve));
    const calls: string[][] = [];
    const options = {
      outDir,
      completed: gate,
      onRowsWritten: () => {
        // What is in the folder then: no output under its final name yet.
        calls.push(readdirSync(outDir).filter((n) => !n.startsWith('.')));
        void completed?.then(release);
      },
    };
    await writePrepared(analysis, { accepted: yes(analysis, true), split: true }, options);
    expect(calls).toEqual([[]]);
    expect((await readdir(outDir)).sort()).toHaveLength(2);
  });

  it('refuse a relabel accepted while they still run: it would change rows already written', async () => {
    const file = await writeRows(leakyRows(300, 40));
    const { analysis, completed } = await analyzeFileLate(file);
    const outDir = await mkdtemp(join(tmpdir(), 'late-relabel-'));
    const accepted = new Set(['likely-mislabelled']);
    await expect(
      writePrepared(analysis, { accepted, split: true }, { outDir, completed: completed ?? undefined }),
    ).rejects.toThrow(/changes labels/);
    expect(await readdir(outDir)).toEqual([]);
  });

  it('are not late with --accept of a relabel: the command decides before writing', async () => {
    const file = await writeRows(leakyRows(300, 40));
    const dir = await mkdtemp(join(tmpdir(), 'late-cmd-'));
    const run = await runInProcess(['prepare', file, '--yes', '--json', '--out', dir]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: Array<{ id: string; accepted: boolean | null }> };
    expect(report.findings.find((f) => f.id === 'split-leak')?.accepted).toBe(true);
    expect(report.findings.find((f) => f.id === 'conflicting-labels')?.accepted ?? false).toBe(false);
    const relabel = await runInProcess([
      'prepare',
      file,
      '--yes',
      '--accept',
      'likely-mislabelled',
      '--json',
      '--out',
      dir,
      '--force',
    ]);
    expect(relabel.code, relabel.stderr).toBe(0);
    const relabelled = JSON.parse(relabel.stdout) as typeof report;
    const mislabelled = relabelled.findings.find((f) => f.id === 'likely-mislabelled');
    expect(mislabelled?.accepted).toBe(true);
  });

  it('on their own thread in the built binary (20,000 rows and more), write what checks run first write', async () => {
    const file = await writeRows(leakyRows(20_000, 300, 31));
    // Big enough for the thread started ahead, which reads pass 1's rows itself (remote-collector.ts).
    expect(statSync(file).size).toBeGreaterThanOrEqual(2 << 20);
    const dir = await mkdtemp(join(tmpdir(), 'late-bin-'));
    const run = await runCli(['prepare', file, '--yes', '--json', '--out', join(dir, 'bin')]);
    expect(run.code, run.stderr).toBe(0);
    const report = JSON.parse(run.stdout) as { findings: Array<{ id: string; accepted: boolean | null }> };
    expect(report.findings.find((f) => f.id === 'split-leak')?.accepted).toBe(true);
    const first = await analyzeFile(file);
    await writePrepared(first, { accepted: yes(first, false), split: true }, { outDir: join(dir, 'first') });
    expect(await filesOf(join(dir, 'bin'))).toEqual(await filesOf(join(dir, 'first')));
    expect(report.findings.map((f) => f.id)).toEqual(first.findings.map((f) => f.id));
    // Every row and detail of every finding, as the sources give them with the rows read in pass 1.
    const here = await runInProcess(['prepare', file, '--yes', '--json', '--out', join(dir, 'here')]);
    expect(here.code, here.stderr).toBe(0);
    const findings = (stdout: string) => (JSON.parse(stdout) as { findings: unknown }).findings;
    expect(findings(run.stdout)).toEqual(findings(here.stdout));
  });
});
