import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile, type Analysis, type AnalyzeOptions } from '../../../src/core/prepare/index.js';

let dir: string | null = null;
let count = 0;

/** Writes rows as JSON Lines into a temp file and analyzes it. */
export async function analyzeRows(rows: readonly unknown[], options: AnalyzeOptions = {}): Promise<Analysis> {
  return analyzeFile(await writeRows(rows), options);
}

export async function writeRows(rows: readonly unknown[], ext = 'jsonl'): Promise<string> {
  dir ??= await mkdtemp(join(tmpdir(), 'checks-'));
  const path = join(dir, `data-${++count}.${ext}`);
  await writeFile(path, rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
  return path;
}

export function ids(analysis: Analysis, kind?: string): string[] {
  return analysis.findings.filter((f) => kind === undefined || f.kind === kind).map((f) => f.id);
}

export function finding(analysis: Analysis, id: string) {
  const found = analysis.findings.find((f) => f.id === id);
  if (!found) throw new Error(`no finding ${id} in ${ids(analysis).join(', ')}`);
  return found;
}

/** n rows of distinct conditional-generation data that no check objects to. */
export function cleanRows(n: number): Array<{ prompt: string; completion: string }> {
  return Array.from({ length: n }, (_, i) => ({
    prompt: `question ${i} ->`,
    completion: ` r${i * 7}: done\n`,
  }));
}
