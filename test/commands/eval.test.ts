import { readFileSync, writeFileSync } from 'node:fs';
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
    // 600 completions (two models through the binary, then one directly) against a server in this
    // process: a hang guard, not a speed bound (30 s was passed at load 15).
  }, 90_000);

  it('prints the metrics table and the confusion matrix', async () => {
    const result = await cli(['-m', t.model, '-f', TOPICS_VALID]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^classification · 200 examples/);
    expect(result.stdout).toMatch(/accuracy\s+\d+\.\d%/);
    expect(result.stdout).toMatch(/^class\s+precision\s+recall\s+F1\s+support$/m);
    expect(result.stdout).toMatch(/^"sports"\s+\d\.\d{3}\s+\d\.\d{3}\s+\d\.\d{3}\s+51$/m);
    expect(result.stdout).toContain(`confusion matrix: ${t.model}`);
  });

  it('scores generation data by exact match and token F1', async () => {
    const reply =
      ' I am local-small, an untrained local base model. Fine-tune me on your data to get useful answers.';
    const file = join(t.dir, 'generation.jsonl');
    const lines = [
      { prompt: 'a', completion: reply },
      { prompt: 'b', completion: ' I am local-small' },
      { prompt: 'c', completion: ' nothing alike' },
    ];
    writeFileSync(file, lines.map((l) => JSON.stringify(l)).join('\n'));
    const result = await cli(['-m', 'local-small', '-f', file, '--json']);
    expect(result.code).toBe(0);
    const out = JSON.parse(result.stdout) as { kind: string; exactMatch: number; tokenF1: number };
    expect(out.kind).toBe('generation');
    expect(out.exactMatch).toBeCloseTo(1 / 3);
    // Punctuation ignored, "I am local-small" is 4 words, all among the reply's 19: precision 1,
    // recall 4/19, F1 = 2·(4/19)/(4/19 + 1) = 8/23; the mean over 1, 8/23 and 0.
    expect(out.tokenF1).toBeCloseTo((1 + 8 / 23 + 0) / 3);
  });

  it('says at once that a fine-tuned model no recorded job made does not exist (no wait for it)', async () => {
    const typo = `${t.model}x`;
    const result = await cli(['-m', typo, '-f', TOPICS_VALID]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([
      expect.stringMatching(new RegExp(`^error: Not found: .*${typo}.* does not exist`)),
    ]);
  });

  it('names the file and line of a bad validation line', async () => {
    const bad = join(t.dir, 'bad.jsonl');
    writeFileSync(bad, '{"prompt": "a", "completion": " b"}\n{"prompt": 3}\n');
    const result = await cli(['-m', t.model, '-f', bad]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim()).toBe(
      `error: ${bad}, line 2: expected "prompt" and "completion" strings, or "messages".`,
    );
  });
});
