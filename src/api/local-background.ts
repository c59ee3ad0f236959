/**
 * The local provider as a background process: one `fine-tune serve --background` per data directory,
 * started on demand by whichever command needs it first and found again by the next through its
 * record (`server.json`). Jobs therefore keep training after the wizard or `create --no-follow` ends,
 * as they do on a hosted provider; the server stops by itself after a few idle minutes.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, openSync, closeSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../core/errors.js';
import { processAlive } from '../core/process-alive.js';
import {
  readLocalServerRecord,
  removeLocalServerRecord,
  type LocalServerRecord,
} from '../store/local-server-record.js';

const BIN = fileURLToPath(new URL('../../bin/fine-tune.js', import.meta.url));
/** How long a new server may take to start listening (a loaded machine, a large state to recover). */
const START_TIMEOUT_MS = 30_000;
const POLL_MS = 40;

export interface BackgroundOptions {
  readonly env: NodeJS.ProcessEnv;
  readonly injectFaults?: number | undefined;
}

export interface RunningServer {
  readonly baseURL: string;
  readonly apiKey: string;
  readonly pid: number;
  /** True when this call started it. */
  readonly started: boolean;
}

/** Whether the recorded server answers an authenticated request (a live pid alone could be reused). */
export async function answers(record: LocalServerRecord, timeoutMs = 3_000): Promise<boolean> {
  try {
    const response = await fetch(`${record.baseURL}/models`, {
      headers: { authorization: `Bearer ${record.apiKey}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.arrayBuffer();
    return response.ok;
  } catch {
    return false;
  }
}

/** The running server for `dataDir`, or null when none answers there. */
export async function findLocalServer(dataDir: string): Promise<LocalServerRecord | null> {
  const record = readLocalServerRecord(dataDir);
  if (!record) return null;
  if (!processAlive(record.pid)) {
    removeLocalServerRecord(dataDir, record.pid);
    return null;
  }
  return (await answers(record)) ? record : null;
}

/** The server for `dataDir`: the one already running, else a new background one. */
export async function ensureLocalServer(dataDir: string, options: BackgroundOptions): Promise<RunningServer> {
  const found = await findLocalServer(dataDir);
  if (found) return { ...found, started: false };
  mkdirSync(dataDir, { recursive: true });
  const logPath = join(dataDir, 'server.log');
  const log = openSync(logPath, 'w', 0o600);
  const args = [BIN, 'serve', '--background', '--port', '0', '--data-dir', dataDir];
  if (options.injectFaults !== undefined) args.push('--inject-faults', String(options.injectFaults));
  const child = spawn(process.execPath, args, {
    detached: true,
    stdio: ['ignore', log, log],
    env: { ...options.env, NODE_ENV: 'production' },
  });
  closeSync(log);
  let exited = false;
  child.once('exit', () => (exited = true));
  child.unref();
  const deadline = Date.now() + START_TIMEOUT_MS;
  while (Date.now() < deadline) {
    const record = readLocalServerRecord(dataDir);
    // Ours, or another command's that won the race for the data directory (ours then exits).
    if (record && processAlive(record.pid) && (await answers(record))) {
      return { ...record, started: record.pid === child.pid };
    }
    if (exited && !record) break;
    await sleep(POLL_MS);
  }
  if (!exited) child.kill();
  throw new UserError(
    `the local provider did not start in ${dataDir}${lastLine(logPath)}. Try \`fine-tune serve\` in a terminal to see why.`,
  );
}

function lastLine(logPath: string): string {
  try {
    const lines = readFileSync(logPath, 'utf8').trim().split('\n');
    const last = lines[lines.length - 1]?.trim();
    return last ? ` (${last.replace(/^error:\s*/, '')})` : '';
  } catch {
    return '';
  }
}
