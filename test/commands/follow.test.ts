import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN } from '../helpers/run-cli.js';
import { jsonLines, makeCliHome, type CliHome } from './cli-env.js';

let cli: CliHome;
beforeAll(async () => {
  cli = await makeCliHome();
});
afterAll(() => cli.cleanup());

/** Starts `fine-tune create` following a job, and kills it (SIGTERM) once it printed `lines` events. */
function createAndKill(
  args: readonly string[],
  lines: number,
): Promise<{ events: Array<Record<string, unknown>>; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        FINE_TUNE_HOME: cli.home,
        FINE_TUNE_PROVIDER: '',
        OPENAI_API_KEY: '',
        FINE_TUNE_LOCAL_STEP_MS: '30',
        FINE_TUNE_POLL_MS: '50',
        // The background server this process starts answers one request in five with a fault.
        FINE_TUNE_INJECT_FAULTS: '0.2',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let stderr = '';
    let killed = false;
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      out += chunk;
      // One signal only: a second one would find no handler and end the process on the spot.
      if (!killed && jsonLines(out.slice(0, out.lastIndexOf('\n') + 1)).length >= lines) {
        killed = child.kill('SIGTERM');
      }
    });
    child.on('error', reject);
    child.on('close', () => {
      resolve({ events: jsonLines(out.slice(0, out.lastIndexOf('\n') + 1)), stderr });
    });
  });
}

/** A number in an event's `data`, if there is one. */
function stepOf(event: Record<string, unknown>, key: string): number | undefined {
  const data = event.data as Record<string, unknown> | undefined;
  const value = data?.[key];
  return typeof value === 'number' ? value : undefined;
}

describe('fine-tune follow', () => {
  it('after the app is killed mid-job, shows the full history and continues live to the end', async () => {
    const train = await cli.trainingFile(40);
    // Killed once a few training steps were shown, before the first checkpoint (end of epoch 1).
    const killed = await createAndKill(
      ['create', '-t', train, '-m', 'local-small', '--epochs', '3', '--json'],
      8,
    );
    const seen = killed.events;
    expect(
      seen.some((e) => e.type === 'metrics'),
      killed.stderr,
    ).toBe(true);
    // Killed mid-job: the process never showed the end (the job itself may finish before the next
    // command starts on a loaded machine, so its status now proves nothing).
    expect(seen.some((e) => /completed/.test(String(e.message)))).toBe(false);
    const jobs = await cli.run(['jobs', 'list', '--json']);
    const [job] = JSON.parse(jobs.stdout) as Array<{ id: string; status: string }>;

    // The job trained on in the background server while no command ran: the next one shows the
    // whole history, starting with everything the killed process showed, every step once.
    const followed = await cli.run(['follow', job?.id ?? '', '--json']);
    expect(followed.code, followed.stderr).toBe(0);
    const history = jsonLines(followed.stdout);
    const ids = history.map((e) => String(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    expect(history.some((e) => stepOf(e, 'resumed_from_step') !== undefined)).toBe(false);
    expect(ids.slice(0, seen.length)).toEqual(seen.map((e) => String(e.id)));
    const steps = history.flatMap((e) => (e.type === 'metrics' ? [stepOf(e, 'step')] : []));
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    expect(history.at(-1)?.message).toMatch(/completed/);

    // A second follower sees exactly the same history.
    const again = await cli.run(['follow', job?.id ?? '', '--json']);
    expect(jsonLines(again.stdout).map((e) => String(e.id))).toEqual(ids);
  });

  it('exits 1 with one plain line for a job that does not exist', async () => {
    const result = await cli.run(['follow', 'ftjob-doesnotexist']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^error: Not found/);
  });
});
