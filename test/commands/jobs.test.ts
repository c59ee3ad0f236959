import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCliHome, type CliHome } from './cli-env.js';

// Six or seven runs of the binary in a row: on a loaded 2-core machine they pass 30 s. The timeout
// is there to catch a hang, not to time the commands.
const WORKFLOW_TIMEOUT_MS = 90_000;

let cli: CliHome;
beforeAll(async () => {
  // Slow steps keep the job running (in the background server, between commands) until it is cancelled.
  cli = await makeCliHome({ FINE_TUNE_LOCAL_STEP_MS: '400' });
});
afterAll(() => cli.cleanup());

const jobOf = (stdout: string) => JSON.parse(stdout) as { id: string; status: string };

describe('fine-tune jobs', () => {
  it(
    'lists, gets and cancels a job; a cancelled job makes follow exit 1',
    async () => {
      const train = await cli.trainingFile(40);
      const created = jobOf(
        (
          await cli.run([
            'create',
            '-t',
            train,
            '-m',
            'local-small',
            '--epochs',
            '5',
            '--no-follow',
            '--json',
          ])
        ).stdout,
      );

      const list = await cli.run(['jobs', 'list', '--json']);
      expect(list.code, list.stderr).toBe(0);
      expect((JSON.parse(list.stdout) as Array<{ id: string }>).map((j) => j.id)).toContain(created.id);
      const table = await cli.run(['jobs', 'list']);
      expect(table.stdout).toMatch(new RegExp(`^${created.id}\\s`, 'm'));

      const got = await cli.run(['jobs', 'get', created.id]);
      expect(got.stdout).toMatch(new RegExp(`id:\\s+${created.id}`));

      // Only a running job can be paused: the API's refusal comes through as one plain line.
      const paused = await cli.run(['jobs', 'resume', created.id]);
      expect(paused.code).toBe(1);
      expect(paused.stderr.trim().split('\n').at(-1)).toMatch(/^error: .*(resum|paus)/i);

      const cancelled = await cli.run(['jobs', 'cancel', created.id]);
      expect(cancelled.code, cancelled.stderr).toBe(0);
      expect(cancelled.stdout).toMatch(/cancel/);

      const followed = await cli.run(['follow', created.id]);
      expect(followed.code).toBe(1);
      expect(followed.stderr).toMatch(/cancelled/);
    },
    WORKFLOW_TIMEOUT_MS,
  );

  it('has help for each subcommand', async () => {
    const help = await cli.run(['jobs', '--help']);
    expect(help.code).toBe(0);
    for (const sub of ['list', 'get', 'cancel', 'pause', 'resume']) expect(help.stdout).toContain(sub);
  });
});
