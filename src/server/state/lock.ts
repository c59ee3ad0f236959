/**
 * One server per data directory: two processes running the same jobs would overwrite each other's
 * state. The lock file holds the owner's pid; a lock left by a dead process is taken over.
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { processAlive } from '../../core/process-alive.js';

export class DataDirBusyError extends Error {
  override readonly name = 'DataDirBusyError';
}

const held = new Set<string>();

export function lockDataDir(dir: string): void {
  const path = join(dir, 'server.lock');
  const busy = (pid: number): DataDirBusyError =>
    new DataDirBusyError(`another fine-tune local server (pid ${pid}) is using ${dir}`);
  if (held.has(path)) throw busy(process.pid);
  try {
    writeFileSync(path, String(process.pid), { flag: 'wx' });
  } catch {
    const owner = Number(readFileSync(path, 'utf8'));
    // An empty lock (a kill between creating and writing it) reads as 0, which `kill` takes for the
    // process group, always alive: only a positive pid names an owner.
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && processAlive(owner))
      throw busy(owner);
    writeFileSync(path, String(process.pid));
  }
  held.add(path);
}

export function unlockDataDir(dir: string): void {
  const path = join(dir, 'server.lock');
  if (held.delete(path)) rmSync(path, { force: true });
}
