import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestServer, type TestServer } from '../api/local-server.js';
import { jsonLines, makeCliHome, type CliHome } from './cli-env.js';

// Six or seven runs of the binary in a row: on a loaded 2-core machine they pass 30 s. The timeout
// is there to catch a hang, not to time the commands.
const WORKFLOW_TIMEOUT_MS = 90_000;

// The project's own server speaks the OpenAI wire format, so the `openai` provider can be driven
// end to end offline: the binary only knows it as OPENAI_BASE_URL with OPENAI_API_KEY.
let t: TestServer;
let cli: CliHome;
beforeAll(async () => {
  t = await startTestServer();
  cli = await makeCliHome({ OPENAI_API_KEY: t.server.apiKey, OPENAI_BASE_URL: t.server.baseURL });
});
afterAll(async () => {
  await cli.cleanup();
  await t.close();
});

/** Neither output stream of a command may show the key. */
function expectNoKey(...outputs: string[]): void {
  for (const output of outputs) expect(output).not.toContain(t.server.apiKey);
}

type Listed = { id: string; kind: string };
type Job = { id: string; status: string; fine_tuned_model: string | null };

describe('the openai provider against an OpenAI-compatible server', () => {
  it(
    'lists models, creates and follows a job, lists and gets it, and completes with the new model',
    async () => {
      const models = await cli.run(['models', 'list', '--json']);
      expect(models.code, models.stderr).toBe(0);
      expect((JSON.parse(models.stdout) as Listed[]).map((m) => m.id)).toContain('local-small');
      // Chosen because OPENAI_API_KEY is set: no local-provider notice, no embedded server.
      expect(models.stderr).not.toMatch(/\[local\]/);

      const train = await cli.trainingFile(16);
      const created = await cli.run([
        '--provider',
        'openai',
        'create',
        '-t',
        train,
        '-m',
        'local-small',
        '--suffix',
        'viaopenai',
        '--epochs',
        '1',
        '--no-follow',
        '--json',
      ]);
      expect(created.code, created.stderr).toBe(0);
      const job = JSON.parse(created.stdout) as Job;
      expect(job.id).toMatch(/^ftjob-/);

      const recordPath = join(cli.home, 'jobs', `${job.id}.json`);
      const recordText = await readFile(recordPath, 'utf8');
      expect(JSON.parse(recordText)).toMatchObject({
        id: job.id,
        provider: 'openai',
        baseURL: t.server.baseURL,
        suffix: 'viaopenai',
      });
      expect(recordText).not.toMatch(/apiKey|Bearer/i);
      expectNoKey(recordText, created.stdout, created.stderr);

      const followed = await cli.run(['follow', job.id, '--json']);
      expect(followed.code, followed.stderr).toBe(0);
      const events = jsonLines(followed.stdout);
      expect(events.length).toBeGreaterThan(2);
      expect(events.every((e) => e.object === 'fine_tuning.job.event')).toBe(true);

      const listed = await cli.run(['jobs', 'list', '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const mine = (JSON.parse(listed.stdout) as Job[]).find((j) => j.id === job.id);
      expect(mine?.status).toBe('succeeded');
      const model = mine?.fine_tuned_model ?? '';
      expect(model).toMatch(/^ft:local-small:.*:viaopenai:/);

      const got = await cli.run(['jobs', 'get', job.id]);
      expect(got.code, got.stderr).toBe(0);
      expect(got.stdout).toMatch(new RegExp(`^status: +succeeded$`, 'm'));
      expect(got.stdout).toContain(`fine-tuned model: ${model}`);

      // The record now names the model, so `complete` finds how it was trained (and the provider).
      const record = JSON.parse(await readFile(recordPath, 'utf8')) as {
        separator: string;
        stop: string | null;
      };
      expect(record).toMatchObject({ fineTunedModel: model, separator: '\n\n###\n\n' });
      const prompt = 'referee stadium coach penalty season';
      const completed = await cli.run(['complete', '-m', model, '-p', prompt, '--max-tokens', '8', '--json']);
      expect(completed.code, completed.stderr).toBe(0);
      expect(JSON.parse(completed.stdout)).toMatchObject({
        model,
        endpoint: 'completions',
        prompt: `${prompt}${record.separator}`,
        stop: record.stop === null ? [] : [record.stop],
        finishReason: expect.stringMatching(/^(stop|length)$/),
      });
      expectNoKey(
        followed.stdout,
        followed.stderr,
        listed.stdout,
        got.stdout,
        completed.stdout,
        completed.stderr,
      );
    },
    WORKFLOW_TIMEOUT_MS,
  );

  it('says which variable is missing when --provider openai has no key', async () => {
    const result = await cli.run(['--provider', 'openai', 'models', 'list'], { OPENAI_API_KEY: '' });
    expect(result.code).toBe(1);
    expect(result.stderr).toBe('error: OPENAI_API_KEY is not set (needed by the openai provider).\n');
  });
});
