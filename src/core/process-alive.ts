import { readFileSync } from 'node:fs';

/**
 * Whether a process with this id is running: the one rule for the local server's record and lock and
 * for the temp files a killed writer left. EPERM means a process of another user holds that id.
 */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

/**
 * Whether a process has ended but not been reaped yet: signal 0 still reaches it. A background server
 * outlives the command that started it, so its parent becomes the system's init, and an init that
 * reaps late (some containers' do, every second or two) kept `serve --stop` waiting that long for a
 * process already gone, and a server started meanwhile took its lock for a live one's. Linux tells
 * from /proc; elsewhere a process that answers signal 0 is alive.
 */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // "pid (name) S …": the state follows the last parenthesis (a name may hold one).
    const state = stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
    return state === 'Z' || state === 'X';
  } catch {
    return false;
  }
}
