import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { jsonLines, makeCliHome, type CliHome } from './cli-env.js';

let cli: CliHome;
beforeAll(async () => {
  cli = await makeCliHome();
});
afterAll(() => cli.cleanup());

describe('fine-tune create', () => {
  it('creates a job with --no-follow; a later `follow --json` prints its whole history and exits 0', async () => {
    const train = await cli.trainingFile(24);
    const valid = await cli.validationFile(8);
    const created = await cli.run([
      'create',
      '-t',
      train,
      '-v',
      valid,
      '-m',
      'local-small',
      '--suffix',
      'topics',
      '--epochs',
      '2',
      '--separator',
      // Typed as a shell user would: backslash escapes, not real newlines.
      '\\n\\n###\\n\\n',
      '--no-follow',
      '--json',
    ]);
    expect(created.stderr).toBe('');
    expect(created.code, created.stderr).toBe(0);
    const job = JSON.parse(created.stdout) as { id: string; object: string; model: string };
    expect(job).toMatchObject({ object: 'fine_tuning.job', model: 'local-small' });

    const record = JSON.parse(await readFile(join(cli.home, 'jobs', `${job.id}.json`), 'utf8'));
    expect(record).toMatchObject({
      id: job.id,
      provider: 'local',
      suffix: 'topics',
      separator: '\n\n###\n\n',
    });
    expect(JSON.stringify(record)).not.toMatch(/ftl-|apiKey|Bearer/i);

    // A key in the environment would pick OpenAI; the job's record keeps `follow` on the local provider.
    const followed = await cli.run(['follow', job.id, '--json'], {
      OPENAI_API_KEY: 'sk-test-unused-0123456789',
    });
    expect(followed.code, followed.stderr).toBe(0);
    const events = jsonLines(followed.stdout);
    expect(events.length).toBeGreaterThan(3);
    expect(events.every((e) => e.object === 'fine_tuning.job.event')).toBe(true);
    const ids = events.map((e) => e.id);
    expect(new Set(ids).size).toBe(ids.length);
    const times = events.map((e) => e.created_at as number);
    expect(times).toEqual([...times].sort((a, b) => a - b));
    const metrics = events.filter((e) => e.type === 'metrics').map((e) => e.data as { valid_loss?: number });
    expect(metrics.some((d) => typeof d.valid_loss === 'number')).toBe(true);

    const after = JSON.parse(await readFile(join(cli.home, 'jobs', `${job.id}.json`), 'utf8'));
    expect(after.fineTunedModel).toMatch(/^ft:local-small:.*:topics:/);
  });

  it('follows by default, printing events as plain lines when not on a terminal', async () => {
    const train = await cli.trainingFile(16);
    const result = await cli.run(['create', '-t', train, '-m', 'local-small', '--epochs', '1']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\] /m);
    expect(result.stderr).toMatch(/\[local\]/);
    expect(result.stderr).toMatch(/succeeded: ft:local-small:/);
  });

  it('refuses bad flags with exit 2 and a missing file with exit 1, in one line', async () => {
    const badEpochs = await cli.run(['create', '-t', 'x.jsonl', '-m', 'local-small', '--epochs', '0']);
    expect(badEpochs.code).toBe(2);
    expect(badEpochs.stderr).toMatch(/--epochs/);
    const missing = await cli.run(['create', '-t', join(cli.home, 'nope.jsonl'), '-m', 'local-small']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n').at(-1)).toMatch(/^error: .*nope\.jsonl/);
    expect(missing.stderr).not.toMatch(/\n\s+at /);
    expect(await readdir(join(cli.home, 'jobs'))).toHaveLength(2);
  });
});
