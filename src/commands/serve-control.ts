/** `fine-tune serve --status` and `--stop`: the local server of a data directory, seen from outside. */
import { setTimeout as sleep } from 'node:timers/promises';
import { findLocalServer } from '../api/local-background.js';
import { UserError } from '../core/errors.js';
import { processAlive } from '../core/process-alive.js';
import { readLocalServerRecord } from '../store/local-server-record.js';
import { idleMinutes } from './serve.js';
import { printJson } from './provider-options.js';
import { say } from './output.js';

const ACTIVE = new Set(['validating_files', 'queued', 'running', 'pausing']);

async function activeJobs(baseURL: string, apiKey: string): Promise<number | null> {
  try {
    const response = await fetch(`${baseURL}/fine_tuning/jobs?limit=100`, {
      headers: { authorization: `Bearer ${apiKey}` },
      signal: AbortSignal.timeout(3_000),
    });
    const body = (await response.json()) as { data?: Array<{ status?: string }> };
    return (body.data ?? []).filter((job) => ACTIVE.has(job.status ?? '')).length;
  } catch {
    return null;
  }
}

export async function printStatus(dataDir: string, json: boolean): Promise<void> {
  const server = await findLocalServer(dataDir);
  if (!server) {
    if (json) printJson({ running: false, dataDir });
    else say(`no local server is running on ${dataDir}\n`);
    return;
  }
  const jobs = await activeJobs(server.baseURL, server.apiKey);
  if (json) {
    printJson({
      running: true,
      dataDir,
      baseURL: server.baseURL,
      pid: server.pid,
      startedAt: new Date(server.startedAt).toISOString(),
      background: server.background,
      activeJobs: jobs,
    });
    return;
  }
  const how = server.background
    ? `in the background, stops after ${idleMinutes()} idle minutes`
    : 'started with `fine-tune serve`';
  const work =
    jobs === null
      ? ''
      : ` · ${jobs === 0 ? 'no job' : jobs === 1 ? '1 job' : `${jobs} jobs`} training or waiting`;
  say(`local server on ${server.baseURL} (pid ${server.pid}, ${how}) · state in ${dataDir}${work}\n`);
}

export async function stopServer(dataDir: string): Promise<void> {
  const record = readLocalServerRecord(dataDir);
  if (!record || !processAlive(record.pid)) {
    say(`no local server is running on ${dataDir}\n`);
    return;
  }
  process.kill(record.pid, 'SIGTERM');
  // It finishes the request in hand and saves its jobs' state; running jobs resume on the next start.
  const deadline = Date.now() + 15_000;
  while (processAlive(record.pid)) {
    if (Date.now() > deadline)
      throw new UserError(`the local server (pid ${record.pid}) did not stop within 15 s`);
    await sleep(50);
  }
  say(`stopped the local server (pid ${record.pid}) on ${dataDir}\n`);
}
