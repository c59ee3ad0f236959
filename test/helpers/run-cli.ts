import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/fine-tune.js', import.meta.url));

export interface CliResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs the built binary without a terminal (stdin closed), as scripts and CI do. */
export function runCli(
  args: readonly string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number } = {},
): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['pipe', 'pipe', 'pipe'],
      timeout: options.timeoutMs ?? 60_000,
    });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      rememberLocalServer(options.env?.FINE_TUNE_HOME ?? process.env.FINE_TUNE_HOME);
      resolve({ code, stdout, stderr });
    });
    child.stdin.end(options.input ?? '');
  });
}

/**
 * Background local servers the binary started for a test's FINE_TUNE_HOME (commands start one on
 * demand, and it outlives them): remembered after each run, stopped when the test file ends
 * (test/setup.ts), so no test leaves a server behind, even one whose home was already removed.
 */
const startedServers = new Set<number>();

export function rememberLocalServer(home: string | undefined): void {
  if (!home) return;
  try {
    const record = JSON.parse(readFileSync(join(home, 'local', 'server.json'), 'utf8')) as { pid?: unknown };
    if (typeof record.pid === 'number') startedServers.add(record.pid);
  } catch {
    // No server there (or not yet): nothing to remember.
  }
}

/** Stops the background server a test home holds, if any (before its folder is removed under it). */
export function stopLocalServerOf(home: string): void {
  try {
    const record = JSON.parse(readFileSync(join(home, 'local', 'server.json'), 'utf8')) as { pid?: unknown };
    if (typeof record.pid === 'number') process.kill(record.pid, 'SIGKILL');
  } catch {
    // No server there, or already gone.
  }
}

export function stopLocalServers(): void {
  for (const pid of startedServers) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
  startedServers.clear();
}
