import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from 'vitest';
import type { CliResult } from '../helpers/run-cli.js';
import { AZURE_TUNED, KEYS, NEBIUS_BASE, startSims, type Remote, type Sims } from '../api/provider-sims.js';
import { makeCliHome, type CliHome } from './cli-env.js';

// The built binary on each provider, against one recording server playing them all.
// No key of the developer's shell may pick another provider.
const KEYLESS = {
  AZURE_OPENAI_API_KEY: '',
  NEBIUS_API_KEY: '',
  TOGETHER_API_KEY: '',
  FINE_TUNE_API_KEY: '',
  OPENAI_API_VERSION: '',
};
let sims: Sims;
let cli: CliHome;
let train: string;
beforeAll(async () => {
  sims = await startSims();
  cli = await makeCliHome({ ...KEYLESS, FINE_TUNE_TODAY: '2026-12-07' });
  train = await cli.trainingFile(12);
});
beforeEach(() => {
  sims.fault = null;
});
afterAll(async () => {
  await cli.cleanup();
  await sims.close();
});

const run = (provider: Remote, args: readonly string[], more: NodeJS.ProcessEnv = {}) =>
  cli.run(args, { ...sims.env(provider), ...more });

function expectNoKey(result: CliResult): void {
  for (const key of Object.values(KEYS)) expect(`${result.stdout}${result.stderr}`).not.toContain(key);
}

const BASES: Record<Remote, { model: string; flags: string[] }> = {
  azure: { model: 'gpt-4.1-2025-04-14', flags: ['--training-type', 'developer'] },
  nebius: { model: NEBIUS_BASE, flags: ['--weights', 'LoRA', '--learning-rate', '0.00002'] },
  together: { model: 'meta-llama/Meta-Llama-3.1-8B-Instruct-Reference', flags: ['--weights', 'full'] },
  compatible: { model: 'tiny-base', flags: [] },
};

describe('fine-tune create on every provider', () => {
  it.each(['azure', 'nebius', 'together', 'compatible'] as const)(
    '%s: uploads, creates with its options, follows to the end; no key on screen or disk',
    async (provider) => {
      const { model, flags } = BASES[provider];
      const result = await run(provider, [
        'create',
        '-t',
        train,
        '-m',
        model,
        '--suffix',
        'topics',
        ...flags,
      ]);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/Job \S+ succeeded/);
      expect(result.stdout).toMatch(/Checkpoint created at step 1/i);
      if (provider === 'nebius')
        expect(result.stderr).toMatch(/Nebius serves a fine-tune once a checkpoint is deployed/);
      if (provider === 'azure') {
        expect(result.stderr).toContain(`succeeded: ${AZURE_TUNED}`);
        expect(result.stderr).toMatch(/Azure answers with a fine-tune once it is deployed/);
      }
      if (provider === 'compatible') expect(result.stderr).not.toMatch(/once it is deployed/);
      expectNoKey(result);
      const created = sims
        .seen(provider)
        .find((r) => r.method === 'POST' && /jobs$|fine-tunes$/.test(r.path));
      const body = JSON.parse(created?.body ?? '{}') as Record<string, unknown>;
      if (provider === 'azure') expect(body.trainingType).toBe('Developer');
      if (provider === 'together') expect(body.training_type).toEqual({ type: 'Full' });
    },
  );

  it('leaves records that name the provider and hold no key', async () => {
    const names = await readdir(join(cli.home, 'jobs'));
    const records = await Promise.all(names.map((n) => readFile(join(cli.home, 'jobs', n), 'utf8')));
    const providers = records.map((text) => (JSON.parse(text) as { provider: string }).provider).sort();
    expect(providers).toEqual(['azure', 'compatible', 'nebius', 'together']);
    for (const text of records) for (const key of Object.values(KEYS)) expect(text).not.toContain(key);
  });

  it("refuses the row's rules before anything is sent: a dot in an Azure suffix", async () => {
    const before = sims.api.requests.length;
    const dot = await run('azure', ['create', '-t', train, '-m', 'gpt-4.1-2025-04-14', '--suffix', 'v1.2']);
    expect(dot.code).toBe(2);
    expect(dot.stderr).toBe(
      'error: --suffix: the suffix may use only letters, digits, - _ (no dots) on Azure OpenAI\n',
    );
    expect(sims.api.requests.length).toBe(before);
  });

  it('says once, plainly, what a provider cannot do (no request, no 404)', async () => {
    const before = sims.api.requests.length;
    const paused = await run('together', ['jobs', 'pause', 'ft-sim1']);
    expect(paused.code).toBe(1);
    expect(paused.stderr).toBe(
      'error: Together AI cannot pause or resume a job (a running job can be cancelled, or left to finish).\n',
    );
    expect(sims.api.requests.length).toBe(before);
  });
});

describe('the radar and the model list', () => {
  it('models list shows the day each model stops training and answering, and the days left', async () => {
    const result = await run('azure', ['models', 'list']);
    expect(result.code, result.stderr).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^MODEL +KIND +FINE-TUNABLE +DATA +TRAINS UNTIL +ANSWERS UNTIL$/);
    expect(lines.find((l) => l.startsWith('gpt-4.1-2025-04-14 '))).toMatch(
      /base +yes +chat, preference +2027-04-14 \(128 days left\) +2027-10-14 \(311 days left\)$/,
    );
  });

  it('radar lists what dies when across the configured providers and the recorded jobs', async () => {
    const env = { ...sims.env('azure'), ...sims.env('together'), FINE_TUNE_PROVIDER: '' };
    const result = await cli.run(['radar', '--json'], env);
    expect(result.code, result.stderr).toBe(0);
    const rows = JSON.parse(result.stdout) as Array<{
      provider: string;
      model: string;
      event: string;
      daysLeft: number;
      next: string;
    }>;
    expect(rows.map((r) => `${r.provider} ${r.model} ${r.event} ${r.daysLeft}`)).toEqual([
      'azure gpt-4o-2024-08-06 stops answering 75',
      `azure gpt-4.1-2025-04-14 stops training 128`,
      `azure ${AZURE_TUNED} stops training 128`,
      `azure gpt-4.1-2025-04-14 stops answering 311`,
      `azure ${AZURE_TUNED} stops answering 311`,
    ]);
    expect(rows.find((r) => r.model === AZURE_TUNED)?.next).toBe(
      `fine-tune rescue ${AZURE_TUNED} --provider azure`,
    );
    expect(rows[0]?.next).toBe(
      'fine-tune create -t TRAIN.jsonl -m meta-llama/Meta-Llama-3.1-8B-Instruct-Reference --provider together',
    );
    expectNoKey(result);
  });

  it('radar asks only the provider named with --provider (the program-wide flag)', async () => {
    const env = { ...sims.env('azure'), ...sims.env('together'), FINE_TUNE_PROVIDER: '' };
    const azure = await cli.runHere(['radar', '--provider', 'azure', '--json'], env);
    expect(azure.code, azure.stderr).toBe(0);
    const rows = JSON.parse(azure.stdout) as Array<{ provider: string }>;
    expect(rows.length).toBeGreaterThan(0);
    expect(new Set(rows.map((r) => r.provider))).toEqual(new Set(['azure']));
    // Together has nothing dated: asked alone, it shows nothing of Azure's.
    const together = await cli.runHere(['radar', '--provider', 'together', '--json'], env);
    expect(together.code, together.stderr).toBe(0);
    expect(JSON.parse(together.stdout)).toEqual([]);
  });

  it('radar with no key set says what the dated table holds ahead for everyone, and how to see more', async () => {
    // A home of its own: the other tests' recorded jobs would be on the radar.
    const bare = await makeCliHome({ ...KEYLESS, FINE_TUNE_TODAY: '2026-12-07' });
    onTestFinished(() => bare.cleanup());
    const result = await bare.runHere(['radar'], { FINE_TUNE_PROVIDER: '' });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')).toEqual([
      'Nothing dated among your recorded jobs (table as of 2026-12-07).',
      'No provider key is set, so no account was checked. The dated table says, for everyone:',
      'WHEN          LEFT      WHAT             PROVIDER  MODEL',
      '2027-01-06    30 days   stops training   openai    every model',
      '2027-01-14    38 days   stops answering  openai    gpt-4o* and every fine-tune of it',
      '2027-01-14    38 days   stops answering  openai    gpt-4.1* and every fine-tune of it',
      '≥ 2027-04-14  128 days  stops training   azure     gpt-4.1*',
      "To see what you own, set a provider's key and run `fine-tune radar` again:",
      '  OPENAI_API_KEY, AZURE_OPENAI_API_KEY, NEBIUS_API_KEY, TOGETHER_API_KEY, FINE_TUNE_API_KEY',
      '',
    ]);
    const soon = await bare.runHere(['radar', '--within', '31'], { FINE_TUNE_PROVIDER: '' });
    expect(soon.stdout).toContain('2027-01-06  30 days  stops training  openai    every model');
    expect(soon.stdout).not.toContain('2027-01-14');
  });

  it('radar still shows the others when one provider cannot be reached', async () => {
    sims.fault = (_req, res, provider) => (provider === 'together' ? (res.socket?.destroy(), true) : false);
    const env = { ...sims.env('azure'), ...sims.env('together'), FINE_TUNE_PROVIDER: '' };
    const result = await cli.run(['radar', '--within', '100'], env);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/^radar: together: Could not reach the API/m);
    const lines = result.stdout.split('\n');
    expect(lines[0]).toMatch(/^WHEN +LEFT +WHAT +PROVIDER +MODEL$/);
    expect(lines[1]).toMatch(/^2027-02-20 +75 days +stops answering +azure +gpt-4o-2024-08-06$/);
    expect(lines[2]).toBe(
      '  → fine-tune create -t TRAIN.jsonl -m meta-llama/Meta-Llama-3.1-8B-Instruct-Reference --provider together',
    );
    expect(result.stdout).not.toMatch(/311/);
  });
});
