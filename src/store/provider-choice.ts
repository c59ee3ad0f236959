import { randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { PROVIDER_NAMES, type ProviderName } from '../core/provider-names.js';
import { dataHome } from './paths.js';

/**
 * Which provider the user chose for a project folder when several keys are set, so the wizard asks
 * once. One small JSON file: folder → provider name. Never a key: the schema has no room for one.
 */
const choicesSchema = z.strictObject({
  version: z.literal(1),
  folders: z.record(z.string(), z.enum(PROVIDER_NAMES)),
});

function choicesPath(env: NodeJS.ProcessEnv): string {
  return join(dataHome(env), 'provider-choices.json');
}

async function readChoices(env: NodeJS.ProcessEnv): Promise<Record<string, ProviderName>> {
  try {
    const parsed = choicesSchema.safeParse(JSON.parse(await readFile(choicesPath(env), 'utf8')));
    return parsed.success ? parsed.data.folders : {};
  } catch {
    return {};
  }
}

/** The provider chosen for this folder, or null (none yet, or an unreadable file: it is only a memory). */
export async function loadProviderChoice(
  folder: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<ProviderName | null> {
  return (await readChoices(env))[resolve(folder)] ?? null;
}

/** Remembers the choice for this folder (written atomically: temp file, then rename). */
export async function saveProviderChoice(
  folder: string,
  provider: ProviderName,
  env: NodeJS.ProcessEnv = process.env,
): Promise<void> {
  const folders = { ...(await readChoices(env)), [resolve(folder)]: provider };
  const path = choicesPath(env);
  await mkdir(dirname(path), { recursive: true });
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await writeFile(temp, `${JSON.stringify({ version: 1, folders }, null, 2)}\n`, { mode: 0o600 });
    await rename(temp, path);
  } catch (error) {
    await rm(temp, { force: true });
    throw error;
  }
}
