/**
 * Where a running local provider can be found: `server.json` in its data directory, written by the
 * `fine-tune serve` process once it listens and removed when it stops. Other commands read it to use
 * that server instead of starting their own, so a job keeps training after the command that created it
 * has ended. The bearer key in it is the local server's own (generated per data directory, never a
 * provider's key): the file is readable by its owner only.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';

const recordSchema = z.strictObject({
  pid: z.number().int().positive(),
  baseURL: z.string().url(),
  apiKey: z.string().min(1),
  startedAt: z.number().int(),
  /** Started on demand by another command (and stops by itself when idle), or by the user in a terminal. */
  background: z.boolean(),
});

export type LocalServerRecord = z.infer<typeof recordSchema>;

export function localServerRecordPath(dataDir: string): string {
  return join(dataDir, 'server.json');
}

export function writeLocalServerRecord(dataDir: string, record: LocalServerRecord): void {
  const path = localServerRecordPath(dataDir);
  const temp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    writeFileSync(temp, `${JSON.stringify(recordSchema.parse(record), null, 2)}\n`, { mode: 0o600 });
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}

/** The record, or null when there is none or it cannot be read (it is only a pointer). */
export function readLocalServerRecord(dataDir: string): LocalServerRecord | null {
  try {
    const parsed = recordSchema.safeParse(JSON.parse(readFileSync(localServerRecordPath(dataDir), 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

/** Removes the record, only if it is still this process's (a successor may have written its own). */
export function removeLocalServerRecord(dataDir: string, pid: number): void {
  if (readLocalServerRecord(dataDir)?.pid === pid) rmSync(localServerRecordPath(dataDir), { force: true });
}
