import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import OpenAI from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processAlive } from '../../src/core/process-alive.js';
import { readLocalServerRecord } from '../../src/store/local-server-record.js';
import { makeCliHome, type CliHome } from './cli-env.js';

/** Polls `check` until it returns a value (not undefined), failing after `ms`. */
async function until<T>(
  what: string,
  check: () => Promise<T | undefined> | T | undefined,
  ms = 40_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('the local provider as a background server', () => {
  let cli: CliHome;
  let jobId = '';
  let client: OpenAI;
  let pid = 0;

  beforeAll(async () => {
    cli = await makeCliHome({ FINE_TUNE_LOCAL_STEP_MS: '40' });
  });
  afterAll(() => cli.cleanup());

  it('keeps training a job created with --no-follow after the command has ended', async () => {
    const train = await cli.trainingFile(40);
    const created = await cli.run([
      'create',
      '-t',
      train,
      '-m',
      'local-small',
      '--epochs',
      // Long enough to be still training at the next test's `serve --status` on a loaded machine
      // (that test cancels it).
      '10',
      '--no-follow',
      '--json',
    ]);
    expect(created.code, created.stderr).toBe(0);
    jobId = (JSON.parse(created.stdout) as { id: string }).id;
    expect(jobId).not.toBe('');
    const record = readLocalServerRecord(join(cli.home, 'local'));
    expect(record?.background).toBe(true);
    pid = record?.pid ?? 0;
    client = new OpenAI({ apiKey: record?.apiKey ?? '', baseURL: record?.baseURL ?? '', maxRetries: 0 });
    // No fine-tune command runs now: the steps still advance.
    const stepNow = async () =>
      (await client.fineTuning.jobs.listEvents(jobId, { limit: 1 })).data[0]?.data as
        { step?: number } | undefined;
    const first = await until('a first step', async () => (await stepNow())?.step);
    await until('later steps', async () => {
      const step = (await stepNow())?.step;
      return step !== undefined && step >= first + 5 ? step : undefined;
    });
  });

  it('says where it runs with serve --status, and the next command uses the same server', async () => {
    const status = await cli.run(['serve', '--status', '--json']);
    expect(status.code, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({ running: true, pid, background: true, activeJobs: 1 });
    const listed = await cli.run(['jobs', 'list']);
    expect(listed.stdout).toContain(jobId);
    expect(readLocalServerRecord(join(cli.home, 'local'))?.pid).toBe(pid);
    // Its trainer is free for the next test's job (on a loaded machine the job may have ended already).
    await client.fineTuning.jobs.cancel(jobId).catch((error: unknown) => {
      if (!/has already (succeeded|failed)/.test(String(error))) throw error;
    });
  });

  it('resumes a job from its last checkpoint after kill -9 of the server, when a command needs it again', async () => {
    // 20 rows: the first checkpoint (an epoch's end) comes after 20 steps of 40 ms; four epochs still
    // to go when the server is killed.
    const train = await cli.trainingFile(20);
    const created = await cli.run([
      'create',
      '-t',
      train,
      '-m',
      'local-small',
      '--epochs',
      '5',
      '--no-follow',
      '--json',
    ]);
    const id = (JSON.parse(created.stdout) as { id: string }).id;
    await until('a checkpoint', async () =>
      (await client.fineTuning.jobs.checkpoints.list(id)).data.length > 0 ? true : undefined,
    );
    const status = (await client.fineTuning.jobs.retrieve(id)).status;
    expect(status, 'the job ended before the server could be killed').toBe('running');
    process.kill(pid, 'SIGKILL');
    await until('the server to die', () => (processAlive(pid) ? undefined : true));
    // The server this command starts trains at full speed (its pace comes from the starter's environment).
    const followed = await cli.run(['follow', id], { FINE_TUNE_LOCAL_STEP_MS: '0' });
    expect(followed.code, followed.stderr).toBe(0);
    expect(followed.stdout).toMatch(/resuming from the checkpoint at step \d+/);
    expect(followed.stdout).toMatch(/The job has successfully completed/);
    const record = readLocalServerRecord(join(cli.home, 'local'));
    expect(record?.pid).not.toBe(pid);
    pid = record?.pid ?? 0;
  });

  it('stops with serve --stop, and then says nothing runs', async () => {
    const stopped = await cli.run(['serve', '--stop']);
    expect(stopped.stdout).toContain(`stopped the local server (pid ${pid})`);
    expect(processAlive(pid)).toBe(false);
    expect(readLocalServerRecord(join(cli.home, 'local'))).toBeNull();
    const status = await cli.run(['serve', '--status']);
    expect(status.stdout).toMatch(/^no local server is running on /);
  });

  it('stops by itself once idle for FINE_TUNE_LOCAL_IDLE_MINUTES with no job to run', async () => {
    const idle = await makeCliHome({ FINE_TUNE_LOCAL_IDLE_MINUTES: '0.02' });
    try {
      expect((await idle.run(['models', 'list'])).code).toBe(0);
      // Its log outlives it: the banner names its pid, the last lines say why it stopped.
      const log = join(idle.home, 'local', 'server.log');
      const text = await until('the idle server to stop', async () => {
        const now = await readFile(log, 'utf8');
        return now.includes('local server stopped') ? now : undefined;
      });
      expect(text).toMatch(/idle for [\d.]+ minutes with no job to run: stopping/);
      const started = Number(/\(pid (\d+)\)/.exec(text)?.[1]);
      expect(started).toBeGreaterThan(0);
      await until('its process to end', () => (processAlive(started) ? undefined : true));
      expect(readLocalServerRecord(join(idle.home, 'local'))).toBeNull();
    } finally {
      await idle.cleanup();
    }
  });
});
