import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';
import { TOPICS_VALID, trainTopics, type TrainedTopics } from '../chat/local-model.js';

let t: TrainedTopics;
let env: NodeJS.ProcessEnv;
beforeAll(async () => {
  t = await trainTopics();
  env = { FINE_TUNE_LOCAL_API_KEY: t.server.apiKey, FINE_TUNE_HOME: join(t.dir, 'home') };
});
afterAll(async () => t?.close());

const cli = (args: string[]) =>
  runCli(['eval', '--provider', 'local', '--base-url', t.server.baseURL, ...args], { env });

describe('fine-tune eval', () => {
  it('puts accuracy at the top level of --json, equal to querying the model directly, and adds --compare', async () => {
    const result = await cli([
      '-m',
      t.model,
      '-f',
      TOPICS_VALID,
      '--json',
      '--compare',
      'local-small',
      '--concurrency',
      '3',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as {
      kind: string;
      accuracy: number;
      maxTokens: number;
      labels: string[];
      matrix: number[][];
      compare: { model: string; accuracy: number };
    };
    expect(out.kind).toBe('classification');

    const lines = readFileSync(TOPICS_VALID, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; completion: string });
    let correct = 0;
    for (const line of lines) {
      const reply = await t.client.completions.create({
        model: t.model,
        prompt: line.prompt,
        temperature: 0,
        max_tokens: out.maxTokens,
      });
      if ((reply.choices[0]?.text ?? '').trim() === line.completion.trim()) correct++;
    }
    expect(out.accuracy).toBe(correct / lines.length);
    expect(out.labels.sort()).toEqual(['food', 'politics', 'sports', 'tech']);
    expect(out.matrix.flat().reduce((a, b) => a + b, 0)).toBe(200);
    expect(out.compare).toMatchObject({ model: 'local-small', accuracy: 0 });
  });

  it('prints the metrics table and the confusion matrix', async () => {
    const result = await cli(['-m', t.model, '-f', TOPICS_VALID]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^classification · 200 examples/);
    expect(result.stdout).toMatch(/accuracy\s+\d+\.\d%/);
    expect(result.stdout).toMatch(/^class\s+precision\s+recall\s+F1\s+support$/m);
    expect(result.stdout).toMatch(/^"sports"\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+51$/m);
    expect(result.stdout).toContain(`confusion matrix: ${t.model}`);
  });

  it('names the file and line of a bad validation line', async () => {
    const bad = join(t.dir, 'bad.jsonl');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(bad, '{"prompt": "a", "completion": " b"}\n{"prompt": 3}\n');
    const result = await cli(['-m', t.model, '-f', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `error: ${bad}, line 2: expected "prompt" and "completion" strings, or "messages".`,
    );
  });
});
