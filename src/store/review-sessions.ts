import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { dataHome } from './paths.js';

/**
 * Review decisions saved while the wizard runs, so that quitting mid-review and reopening the same
 * file can resume. "The same file" is its absolute path, size and modification time: an edited file
 * starts afresh. One small JSON file per input under the user's data directory.
 */
const sessionSchema = z.object({
  version: z.literal(1),
  path: z.string(),
  size: z.number(),
  mtimeMs: z.number(),
  columnMap: z.object({ prompt: z.string(), completion: z.string() }).optional(),
  decisions: z.record(z.string(), z.enum(['accept', 'reject'])),
  index: z.number().int().nonnegative(),
  dropped: z.array(z.number().int()),
  /** The system message the user wrote for add-system-message (chat data). */
  systemMessage: z.string().optional(),
  /** Labels the user gave rows one by one in the quality review (source position → label). */
  relabels: z.record(z.string(), z.string()).optional(),
  savedAt: z.string(),
});
export type ReviewSession = z.infer<typeof sessionSchema>;
export type ReviewProgress = Pick<
  ReviewSession,
  'decisions' | 'index' | 'dropped' | 'columnMap' | 'systemMessage' | 'relabels'
>;

export interface SessionStoreOptions {
  /** Defaults to the fine-tune data directory (env-paths). */
  readonly dataDir?: string;
}

function dataDir(options: SessionStoreOptions): string {
  return options.dataDir ?? dataHome();
}

interface FileIdentity {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

async function identify(path: string): Promise<FileIdentity | null> {
  const absolute = resolve(path);
  try {
    const info = await stat(absolute);
    return { path: absolute, size: info.size, mtimeMs: info.mtimeMs };
  } catch {
    return null;
  }
}

function sessionFile(options: SessionStoreOptions, identity: FileIdentity): string {
  const key = createHash('sha256')
    .update(`${identity.path}\0${identity.size}\0${identity.mtimeMs}`)
    .digest('hex')
    .slice(0, 32);
  return join(dataDir(options), 'review-sessions', `${key}.json`);
}

/** The saved review of this very file, or null (none, another version of the file, or unreadable). */
export async function loadReviewSession(
  path: string,
  options: SessionStoreOptions = {},
): Promise<ReviewSession | null> {
  const identity = await identify(path);
  if (identity === null) return null;
  try {
    const parsed = sessionSchema.safeParse(
      JSON.parse(await readFile(sessionFile(options, identity), 'utf8')),
    );
    if (!parsed.success) return null;
    const session = parsed.data;
    const same =
      session.path === identity.path &&
      session.size === identity.size &&
      session.mtimeMs === identity.mtimeMs;
    return same ? session : null;
  } catch {
    return null;
  }
}

/** Saves the review of this file atomically (temp file + rename), replacing any earlier one. */
export async function saveReviewSession(
  path: string,
  progress: ReviewProgress,
  options: SessionStoreOptions = {},
): Promise<void> {
  const identity = await identify(path);
  if (identity === null) return;
  const session: ReviewSession = {
    version: 1,
    ...identity,
    ...(progress.columnMap === undefined ? {} : { columnMap: progress.columnMap }),
    decisions: progress.decisions,
    index: progress.index,
    dropped: progress.dropped,
    ...(progress.relabels === undefined ? {} : { relabels: progress.relabels }),
    savedAt: new Date().toISOString(),
  };
  const file = sessionFile(options, identity);
  await mkdir(join(dataDir(options), 'review-sessions'), { recursive: true });
  const temp = `${file}.${randomUUID()}.tmp`;
  await writeFile(temp, `${JSON.stringify(session, null, 2)}\n`, 'utf8');
  await rename(temp, file);
}

/** Forgets the saved review of this file (after its prepared data was written). */
export async function clearReviewSession(path: string, options: SessionStoreOptions = {}): Promise<void> {
  const identity = await identify(path);
  if (identity === null) return;
  await rm(sessionFile(options, identity), { force: true });
}
