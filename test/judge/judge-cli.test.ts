import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sendJson, startFakeApi, type FakeApi, type SeenRequest } from '../api/fake-api.js';
import { runCli } from '../helpers/run-cli.js';

// A recording server playing OpenAI: completions answer for the evaluated model (the legacy
// endpoint, https://platform.openai.com/docs/api-reference/completions/create) and chat completions
// answer for the judge (https://platform.openai.com/docs/api-reference/chat/create), whose verdict is
// the message content. A 429 carries `retry-after-ms`, as OpenAI's rate limits do
// (https://platform.openai.com/docs/guides/rate-limits).
let api: FakeApi;
let dir: string;
let file: string;
let malformedOnce = true;
let limitedOnce = true;

const ANSWERS: Record<string, string> = { alpha: ' Paris', beta: ' blue whale', gamma: ' seven' };
const SCORES: Record<string, number> = { alpha: 5, beta: 2, gamma: 4 };

function chatVerdict(req: SeenRequest): string {
  const body = JSON.parse(req.body) as { messages: { content: string }[] };
  const asked = JSON.parse(body.messages[1]?.content ?? '{}') as { prompt: string };
  if (asked.prompt === 'gamma' && malformedOnce) return 'I think it deserves a four.';
  return JSON.stringify({ score: SCORES[asked.prompt] ?? 1, reason: `judged ${asked.prompt}` });
}

const judgeRequests = () => api.requests.filter((r) => r.url.pathname.endsWith('/chat/completions'));

beforeAll(async () => {
  api = await startFakeApi((req, res) => {
    const body = JSON.parse(req.body || '{}') as { prompt?: string };
    if (req.url.pathname.endsWith('/completions') && !req.url.pathname.endsWith('/chat/completions')) {
      const text = ANSWERS[body.prompt ?? ''] ?? '';
      sendJson(res, 200, {
        id: 'c',
        object: 'text_completion',
        model: 'm',
        choices: [{ index: 0, text, finish_reason: 'stop' }],
      });
      return;
    }
    if (limitedOnce) {
      limitedOnce = false;
      sendJson(
        res,
        429,
        { error: { message: 'Rate limit reached', type: 'requests', code: 'rate_limit_exceeded' } },
        { 'retry-after-ms': '5' },
      );
      return;
    }
    sendJson(res, 200, {
      id: 'j',
      object: 'chat.completion',
      model: 'judge',
      choices: [
        { index: 0, message: { role: 'assistant', content: chatVerdict(req) }, finish_reason: 'stop' },
      ],
    });
  });
  dir = await mkdtemp(join(tmpdir(), 'ft-judge-'));
  file = join(dir, 'valid.jsonl');
  const lines = [
    { prompt: 'alpha', completion: ' Paris is the capital' },
    { prompt: 'beta', completion: ' the blue whale is largest' },
    { prompt: 'gamma', completion: ' seven days' },
  ];
  await writeFile(file, lines.map((l) => JSON.stringify(l)).join('\n') + '\n');
});
afterAll(async () => {
  await api.close();
  await rm(dir, { recursive: true, force: true });
});

const env = () => ({
  FINE_TUNE_HOME: join(dir, 'home'),
  OPENAI_API_KEY: 'sk-test-judge',
  OPENAI_BASE_URL: `${api.origin}/v1`,
  FINE_TUNE_PROVIDER: '',
});
const judge = (extra: string[] = []) =>
  runCli(['eval', '-m', 'davinci-002', '-f', file, '--judge', 'gpt-4o-mini', '--json', ...extra], {
    env: env(),
  });

interface JudgeJson {
  mean: number;
  scored: number;
  malformed: number;
  counts: number[];
  cached: number;
  structured: boolean;
  lowest: { index: number; score: number; reason: string; answer: string }[];
  malformedAnswers: { index: number; error: string; raw: string }[];
}

describe('fine-tune eval --judge', () => {
  it('scores each answer, survives a 429 and a malformed verdict, then reruns from the cache', async () => {
    const first = await judge();
    expect(first.code, first.stderr).toBe(0);
    const out = JSON.parse(first.stdout) as { exactMatch: number; tokenF1: number; judge: JudgeJson };
    expect(out.exactMatch).toBe(0);
    expect(out.judge).toMatchObject({
      scored: 2,
      malformed: 1,
      mean: 3.5,
      counts: [0, 1, 0, 0, 1],
      cached: 0,
    });
    expect(out.judge.lowest.map((l) => [l.index, l.score])).toEqual([
      [1, 2],
      [0, 5],
    ]);
    expect(out.judge.malformedAnswers[0]).toMatchObject({ index: 2, error: 'no JSON object in the reply' });
    // The cost line comes before judging: three requests priced, none cached yet.
    expect(first.stderr).toMatch(
      /judge gpt-4o-mini: 3 requests, about [\d,]+ tokens in, ≤ 360 out · at most about <?\$/,
    );
    // The 429 was retried once: four judge requests for three answers.
    expect(judgeRequests()).toHaveLength(4);
    const sent = JSON.parse(judgeRequests()[1]?.body ?? '{}') as Record<string, unknown>;
    expect(sent).toMatchObject({
      model: 'gpt-4o-mini',
      temperature: 0,
      response_format: { type: 'json_schema', json_schema: { name: 'verdict', strict: true } },
    });

    // The malformed verdict was not cached: only it is asked again (and now reads).
    malformedOnce = false;
    const second = await judge();
    expect(second.code, second.stderr).toBe(0);
    expect(judgeRequests()).toHaveLength(5);
    expect(second.stderr).toMatch(/1 request \(2 verdicts from the cache\)/);
    expect((JSON.parse(second.stdout) as { judge: JudgeJson }).judge).toMatchObject({
      mean: 11 / 3,
      malformed: 0,
      cached: 2,
    });

    // Everything cached: not one request, nothing to pay, the same scores.
    const third = await judge();
    expect(third.code, third.stderr).toBe(0);
    expect(judgeRequests()).toHaveLength(5);
    expect(third.stderr).toContain('judge gpt-4o-mini: all 3 answers already judged, nothing to pay');
    expect((JSON.parse(third.stdout) as { judge: JudgeJson }).judge).toMatchObject({
      mean: 11 / 3,
      cached: 3,
    });
  });

  it('asks again under another rubric, and prints the judge beside the metrics', async () => {
    const rubric = join(dir, 'strict.md');
    await writeFile(rubric, 'Be strict. Reply {"score": 1-5, "reason": "..."}');
    const before = judgeRequests().length;
    const result = await runCli(
      ['eval', '-m', 'davinci-002', '-f', file, '--judge', 'gpt-4o-mini', '--rubric', rubric],
      { env: env() },
    );
    expect(result.code, result.stderr).toBe(0);
    expect(judgeRequests().length - before).toBe(3);
    expect(JSON.parse(judgeRequests().at(-1)?.body ?? '{}')).toMatchObject({
      messages: [
        { role: 'system', content: expect.stringContaining('Be strict.') as unknown },
        { role: 'user' },
      ],
    });
    expect(result.stdout).toMatch(/exact match\s+0\.0%/);
    expect(result.stdout).toContain('judge gpt-4o-mini: mean 3.67 / 5 over 3 answers');
    expect(result.stdout).toMatch(/lowest scored:\n {2}#2 {2}2\/5 {2}judged beta\n {6}prompt: {3}beta/);
  });

  it('refuses --rubric without --judge (usage) and a rubric it cannot read (naming the file)', async () => {
    const usage = await runCli(['eval', '-m', 'davinci-002', '-f', file, '--rubric', 'x.md'], { env: env() });
    expect(usage.code).toBe(2);
    expect(usage.stderr).toContain('--rubric, --judge-provider and --judge-base-url go with --judge MODEL.');
    const missing = join(dir, 'missing.md');
    const unreadable = await judge(['--rubric', missing]);
    expect(unreadable.code).toBe(1);
    expect(unreadable.stderr).toMatch(new RegExp(`^error: ${missing}: cannot read the rubric`));
  });
});
