import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import type { Verdict } from '../core/judge.js';
import { dataHome } from './paths.js';

/**
 * The judge's verdicts, one small file per key (core/judge.ts `verdictKey`: judge model, rubric, prompt,
 * expected and answer), so a rerun of `eval --judge` on the same answers sends nothing and pays nothing.
 * Only read verdicts are kept: a malformed one is asked again next time.
 */
export function judgeCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(dataHome(env), 'judge-cache');
}

const cachedSchema = z.object({ score: z.number().int().min(1).max(5), reason: z.string() });

const KEY = /^[0-9a-f]{64}$/;

function pathOf(key: string, env: NodeJS.ProcessEnv): string {
  if (!KEY.test(key)) throw new Error(`not a verdict key: ${key}`);
  return join(judgeCacheDir(env), `${key}.json`);
}

/** The cached verdict for `key`, or null (none, or a file that no longer reads as one). */
export async function loadVerdict(
  key: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<Verdict | null> {
  try {
    const parsed = cachedSchema.safeParse(JSON.parse(await readFile(pathOf(key, env), 'utf8')));
    return parsed.success ? { ok: true, ...parsed.data } : null;
  } catch {
    return null;
  }
}

/** Keeps a read verdict, written atomically (temp file, then rename) so a crash leaves no half file. */
export async function saveVerdict(
  key: string,
  verdict: Verdict,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  if (!verdict.ok) return;
  const path = pathOf(key, env);
  await mkdir(judgeCacheDir(env), { recursive: true });
  const temp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify({ score: verdict.score, reason: verdict.reason })}\n`);
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
