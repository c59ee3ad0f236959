import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { processAlive } from '../../src/core/process-alive.js';
import { lockDataDir, unlockDataDir } from '../../src/server/state/lock.js';

const stateOf = (pid: number): string => {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
};

describe.skipIf(process.platform !== 'linux')('processAlive', () => {
  it('is false for a process that has ended but is not reaped yet (a zombie answers signal 0)', async () => {
    // The shell starts a short child, prints its pid, then becomes `sleep`, which never reaps it.
    const parent = spawn('sh', ['-c', 'sleep 0 & echo $!; exec sleep 5'], {
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    try {
      const [chunk] = (await once(parent.stdout, 'data')) as [Buffer];
      const zombie = Number(chunk.toString().trim());
      while (stateOf(zombie) !== 'Z') await new Promise((resolve) => setTimeout(resolve, 5));
      expect(() => process.kill(zombie, 0)).not.toThrow();
      expect(processAlive(zombie)).toBe(false);
      expect(processAlive(parent.pid ?? 0)).toBe(true);
      // A lock a killed server left is taken over at once, not after its process is reaped.
      const dir = mkdtempSync(join(tmpdir(), 'ft-zombie-lock-'));
      try {
        writeFileSync(join(dir, 'server.lock'), String(zombie));
        expect(() => lockDataDir(dir)).not.toThrow();
        expect(readFileSync(join(dir, 'server.lock'), 'utf8')).toBe(String(process.pid));
        unlockDataDir(dir);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    } finally {
      parent.kill('SIGKILL');
    }
  });

  it('is false for a pid no process has, true for this one', () => {
    expect(processAlive(process.pid)).toBe(true);
    expect(processAlive(2 ** 22 + 12_345)).toBe(false);
  });
});
