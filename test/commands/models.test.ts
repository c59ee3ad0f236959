import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCliHome, type CliHome } from './cli-env.js';

// Six or seven runs of the binary in a row: on a loaded 2-core machine they pass 30 s. The timeout
// is there to catch a hang, not to time the commands.
const WORKFLOW_TIMEOUT_MS = 90_000;

let cli: CliHome;
beforeAll(async () => {
  cli = await makeCliHome();
});
afterAll(() => cli.cleanup());

type Listed = { id: string; kind: string; fineTunable: boolean };

describe('fine-tune models', () => {
  it(
    'lists fine-tunable base models first, then own fine-tunes, and deletes one',
    async () => {
      const train = await cli.trainingFile(16);
      const created = await cli.run([
        'create',
        '-t',
        train,
        '-m',
        'local-small',
        '--suffix',
        'm1',
        '--epochs',
        '1',
        '--json',
      ]);
      expect(created.code, created.stderr).toBe(0);

      const listed = await cli.run(['models', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const models = JSON.parse(listed.stdout) as Listed[];
      const first = models[0];
      expect(first).toMatchObject({ kind: 'base', fineTunable: true });
      const owned = models.filter((m) => m.kind === 'fine-tuned' && m.id.includes(':m1:'));
      expect(owned.map((m) => m.id)).toEqual([expect.stringMatching(/^ft:local-small:local:m1:[a-z0-9]+$/)]);
      const own = owned[0];
      expect(models.findIndex((m) => m.kind === 'fine-tuned')).toBeGreaterThan(
        models.findLastIndex((m) => m.kind === 'base'),
      );

      const table = await cli.run(['models', 'list']);
      expect(table.stdout).toMatch(/^MODEL\s+KIND/);

      const deleted = await cli.run(['models', 'delete', own?.id ?? '', '--json']);
      expect(deleted.code, deleted.stderr).toBe(0);
      expect(JSON.parse(deleted.stdout)).toEqual({ id: own?.id, deleted: true });
      const after = JSON.parse((await cli.run(['models', 'list', '--json'])).stdout) as Listed[];
      expect(after.map((m) => m.id)).not.toContain(own?.id);

      const again = await cli.run(['models', 'delete', own?.id ?? '']);
      expect(again.code).toBe(1);
    },
    WORKFLOW_TIMEOUT_MS,
  );
});
