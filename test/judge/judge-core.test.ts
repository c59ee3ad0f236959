import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import OpenAI from 'openai';
import { describe, expect, it } from 'vitest';
import { judgeAnswers } from '../../src/api/judge.js';
import {
  judgeCost,
  parseVerdict,
  summarizeJudge,
  verdictKey,
  type JudgedAnswer,
} from '../../src/core/judge.js';
import { sendJson, startFakeApi } from '../api/fake-api.js';

const item = { prompt: 'p', expected: 'e', answer: 'a' };

describe('parseVerdict', () => {
  it('reads a verdict, inside a code fence too, and a numeric string score', () => {
    expect(parseVerdict('{"score": 4, "reason": "close"}')).toEqual({ ok: true, score: 4, reason: 'close' });
    expect(parseVerdict('```json\n{"score":"1","reason":"wrong\\nfact"}\n```')).toEqual({
      ok: true,
      score: 1,
      reason: 'wrong fact',
    });
  });

  it('reports scores outside 1..5, fractions, broken JSON and prose as malformed', () => {
    expect(parseVerdict('{"score": 5, "reason": ""}').ok).toBe(true);
    expect(parseVerdict('{"score": 6, "reason": "x"}')).toMatchObject({
      ok: false,
      error: expect.stringMatching(/1 to 5/) as unknown,
    });
    expect(parseVerdict('{"score": 0, "reason": "x"}').ok).toBe(false);
    expect(parseVerdict('{"score": 3.5, "reason": "x"}').ok).toBe(false);
    expect(parseVerdict('{"score": 3, "reason": ')).toMatchObject({
      ok: false,
      error: 'no JSON object in the reply',
    });
    expect(parseVerdict('{score: 3}')).toMatchObject({ ok: false, error: 'the reply is not valid JSON' });
  });
});

describe('verdictKey', () => {
  it('changes with the judge, the rubric, and text moved between fields', () => {
    const key = verdictKey('j', 'r', item);
    expect(verdictKey('j', 'r', { ...item })).toBe(key);
    expect(verdictKey('k', 'r', item)).not.toBe(key);
    expect(verdictKey('j', 'r2', item)).not.toBe(key);
    expect(verdictKey('j', 'r', { prompt: 'pe', expected: '', answer: 'a' })).not.toBe(key);
  });
});

describe('summarizeJudge and judgeCost', () => {
  it('leaves malformed verdicts out of the mean and lists the lowest first, file order on ties', () => {
    const answers: JudgedAnswer[] = [
      { ...item, index: 0, verdict: { ok: true, score: 3, reason: '' } },
      { ...item, index: 1, verdict: { ok: false, error: 'x', raw: '' } },
      { ...item, index: 2, verdict: { ok: true, score: 1, reason: '' } },
      { ...item, index: 3, verdict: { ok: true, score: 3, reason: '' } },
    ];
    const s = summarizeJudge('j', answers, 2);
    expect(s).toMatchObject({ scored: 3, malformed: 1, mean: 7 / 3, counts: [1, 0, 2, 0, 0] });
    expect(s.lowest.map((a) => a.index)).toEqual([2, 0]);
    expect(summarizeJudge('j', [answers[1] as JudgedAnswer]).mean).toBeNull();
  });

  it('prices known judges and says unknown for others, nothing for no requests', () => {
    expect(judgeCost('gpt-4o-mini', 'rubric', [item]).usd).toBeGreaterThan(0);
    expect(judgeCost('local-small', 'rubric', [item]).usd).toBeNull();
    expect(judgeCost('gpt-4o-mini', 'rubric', [])).toMatchObject({ requests: 0, inputTokens: 0, usd: 0 });
  });
});

describe('judgeAnswers', () => {
  it('asks in words when the provider refuses response_format, and keeps asking that way', async () => {
    // OpenAI answers an unsupported parameter with 400 invalid_request_error naming it
    // (https://platform.openai.com/docs/guides/error-codes).
    const api = await startFakeApi((req, res) => {
      if ((JSON.parse(req.body) as { response_format?: unknown }).response_format) {
        sendJson(res, 400, {
          error: {
            message:
              "Invalid parameter: 'response_format' of type 'json_schema' is not supported with this model.",
            type: 'invalid_request_error',
            param: 'response_format',
          },
        });
        return;
      }
      sendJson(res, 200, {
        id: 'x',
        object: 'chat.completion',
        choices: [
          {
            index: 0,
            message: { role: 'assistant', content: '{"score":4,"reason":"ok"}' },
            finish_reason: 'stop',
          },
        ],
      });
    });
    const home = await mkdtemp(join(tmpdir(), 'ft-judge-core-'));
    try {
      const client = new OpenAI({ apiKey: 'k', baseURL: `${api.origin}/v1`, maxRetries: 0 });
      const items = [item, { ...item, answer: 'b' }];
      const run = await judgeAnswers(client, items, {
        model: 'old',
        rubric: 'r',
        concurrency: 1,
        env: { FINE_TUNE_HOME: home },
      });
      expect(run.structured).toBe(false);
      expect(run.answers.map((a) => a.verdict)).toEqual([
        { ok: true, score: 4, reason: 'ok' },
        { ok: true, score: 4, reason: 'ok' },
      ]);
      // One refusal, then every request without the field.
      expect(api.requests).toHaveLength(3);
    } finally {
      await api.close();
      await rm(home, { recursive: true, force: true });
    }
  });
});
