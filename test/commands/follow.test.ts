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
function createAndKill(args: readonly string[], lines: number): Promise<{ ids: string[]; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      env: {
        ...process.env,
        FINE_TUNE_HOME: cli.home,
        FINE_TUNE_PROVIDER: '',
        OPENAI_API_KEY: '',
        FINE_TUNE_LOCAL_STEP_MS: '30',
        FINE_TUNE_POLL_MS: '50',
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
      const ids = jsonLines(out.slice(0, out.lastIndexOf('\n') + 1)).map((e) => String(e.id));
      resolve({ ids, stderr });
    });
  });
}

describe('fine-tune follow', () => {
  it('after the app is killed mid-job, shows the full history and continues live to the end', async () => {
    const train = await cli.trainingFile(40);
    const { ids: seen, stderr } = await createAndKill(
      ['create', '-t', train, '-m', 'local-small', '--epochs', '3', '--json'],
      3,
    );
    expect(seen.length, stderr).toBeGreaterThanOrEqual(3);
    const jobs = await cli.run(['jobs', 'list', '--json']);
    const [job] = JSON.parse(jobs.stdout) as Array<{ id: string; status: string }>;
    expect(job?.status, stderr).not.toBe('succeeded');

    // The embedded server of the next process resumes the job; faults on every fifth request.
    const followed = await cli.run(['follow', job?.id ?? '', '--json'], { FINE_TUNE_INJECT_FAULTS: '0.2' });
    expect(followed.code, followed.stderr).toBe(0);
    const ids = jsonLines(followed.stdout).map((e) => String(e.id));
    expect(new Set(ids).size).toBe(ids.length);
    // What the killed process had printed is the start of the full history, in the same order.
    expect(ids.slice(0, seen.length)).toEqual(seen);

    // A second follower, without faults, sees exactly the same history.
    const again = await cli.run(['follow', job?.id ?? '', '--json']);
    expect(jsonLines(again.stdout).map((e) => String(e.id))).toEqual(ids);
  });

  it('exits 1 with one plain line for a job that does not exist', async () => {
    const result = await cli.run(['follow', 'ftjob-doesnotexist']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n').at(-1)).toMatch(/^error: Not found/);
  });
});
