import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { saveJobRecord } from '../../src/store/jobs.js';
import { runCli } from '../helpers/run-cli.js';
import { SEPARATOR, trainTopics, type TrainedTopics } from '../chat/local-model.js';

let t: TrainedTopics;
let withRecord: NodeJS.ProcessEnv;
let withoutRecord: NodeJS.ProcessEnv;
const prompt = 'referee stadium coach penalty season';

beforeAll(async () => {
  t = await trainTopics();
  const base = { FINE_TUNE_LOCAL_API_KEY: t.server.apiKey };
  withRecord = { ...base, FINE_TUNE_HOME: join(t.dir, 'home') };
  withoutRecord = { ...base, FINE_TUNE_HOME: join(t.dir, 'empty-home') };
  await saveJobRecord(
    {
      id: t.jobId,
      provider: 'local',
      baseURL: t.server.baseURL,
      trainingFile: { id: 'file-x', path: 'topics_train.jsonl' },
      validationFile: null,
      model: 'local-small',
      suffix: 'topics',
      dataFormat: 'prompt-completion',
      separator: SEPARATOR,
      stop: null,
      systemPrompt: null,
      createdAt: 1,
      fineTunedModel: t.model,
    },
    withRecord,
  );
});
afterAll(async () => t?.close());

const cli = (args: string[], env: NodeJS.ProcessEnv) =>
  runCli(['complete', '--provider', 'local', '--base-url', t.server.baseURL, ...args], { env });

describe('fine-tune complete', () => {
  it('applies the separator from the job record and streams the answer to stdout', async () => {
    const result = await cli(['-m', t.model, '-p', prompt, '--temperature', '0'], withRecord);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(' sports\n');
  });

  it('takes the separator from --separator (escapes allowed) for a model without a record', async () => {
    const result = await cli(
      ['-m', t.model, '-p', prompt, '--separator', '\\n\\n###\\n\\n', '--temperature', '0', '--json'],
      withoutRecord,
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(out).toMatchObject({ endpoint: 'completions', prompt: `${prompt}${SEPARATOR}`, text: ' sports' });
  });

  it('passes --stop and ends the answer before it', async () => {
    const full = await cli(
      ['-m', 'local-small', '-p', 'hello', '--temperature', '0', '--json'],
      withoutRecord,
    );
    const text = (JSON.parse(full.stdout) as { text: string }).text;
    expect(text).toContain(',');
    const cut = await cli(
      ['-m', 'local-small', '-p', 'hello', '--temperature', '0', '--stop', ',', '--json'],
      withoutRecord,
    );
    expect(JSON.parse(cut.stdout)).toMatchObject({
      text: text.slice(0, text.indexOf(',')),
      stop: [','],
      finishReason: 'stop',
    });
  });

  it('sends a chat model the system prompt and message through /chat/completions with --chat', async () => {
    const result = await cli(
      ['-m', 'local-small', '-p', 'hello', '--chat', '--system', 'Be brief.', '--json'],
      withoutRecord,
    );
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { endpoint: string; text: string };
    expect(out.endpoint).toBe('chat');
    expect(out.text).toContain('untrained local base model');
  });

  it('rejects an out-of-range flag with one line and exit 2', async () => {
    const result = await cli(['-m', t.model, '-p', 'x', '--temperature', '5'], withoutRecord);
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^error: --temperature: "5"/)]);
  });

  it('says the chat tester needs a terminal, with exit 2, when there is none', async () => {
    const result = await runCli(['chat', t.model], { env: withoutRecord });
    expect(result.code).toBe(2);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toContain('error: the chat tester needs an interactive terminal');
  });
});
