import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import { completeText, streamText, type StreamChunk, type TextRequest } from '../../src/api/completions.js';
import { completionPrompt, queryFormat } from '../../src/api/completions-format.js';
import { readEvalExamples } from '../../src/api/eval-examples.js';
import { evalRequest } from '../../src/api/eval-run.js';
import { evaluate } from '../../src/api/eval-session.js';
import { scoreClassification } from '../../src/core/eval-metrics.js';
import { SEPARATOR, TOPICS_VALID, trainTopics, type TrainedTopics } from './local-model.js';

let t: TrainedTopics;
beforeAll(async () => {
  t = await trainTopics();
});
afterAll(async () => t?.close());

async function collect(stream: AsyncIterable<StreamChunk>) {
  const deltas: string[] = [];
  let end: Extract<StreamChunk, { type: 'end' }> | null = null;
  for await (const chunk of stream) {
    if (chunk.type === 'delta') deltas.push(chunk.text);
    else end = chunk;
  }
  return { deltas, text: deltas.join(''), end };
}

const record = {
  dataFormat: 'prompt-completion' as const,
  separator: SEPARATOR,
  stop: null,
  systemPrompt: null,
};

describe('streaming against the local provider', () => {
  it('streams the same answer as a plain request, piece by piece, with usage at the end', async () => {
    const request: TextRequest = {
      endpoint: 'completions',
      model: 'local-small',
      prompt: 'hello',
      sampling: { temperature: 0, max_tokens: 40 },
    };
    const streamed = await collect(streamText(t.client, request));
    expect(streamed.deltas.length).toBeGreaterThan(3);
    expect(streamed.text).toBe(await completeText(t.client, request));
    expect(streamed.end?.usage?.completionTokens).toBeGreaterThan(0);
    expect(streamed.end?.stopped).toBe(false);
  });

  it('ends the answer before a stop sequence', async () => {
    const base = { endpoint: 'completions' as const, model: 'local-small', prompt: 'hello' };
    const full = await completeText(t.client, { ...base, sampling: { temperature: 0, max_tokens: 60 } });
    const cut = full.indexOf(',');
    expect(cut).toBeGreaterThan(0);
    const stopped = await collect(
      streamText(t.client, { ...base, stop: [','], sampling: { temperature: 0, max_tokens: 60 } }),
    );
    expect(stopped.text).toBe(full.slice(0, cut));
    expect(stopped.end?.finishReason).toBe('stop');
  });

  it('appends the training separator from the record, which the model needs to answer its label', async () => {
    const format = queryFormat(t.model, record, {}, 'completions');
    expect(format).toMatchObject({ endpoint: 'completions', separator: SEPARATOR });
    const sent = completionPrompt('referee stadium coach penalty season', format.separator);
    expect(sent).toBe(`referee stadium coach penalty season${SEPARATOR}`);
    // Already there: not doubled.
    expect(completionPrompt(sent, format.separator)).toBe(sent);
    const answer = await collect(
      streamText(t.client, {
        endpoint: 'completions',
        model: t.model,
        prompt: sent,
        sampling: { temperature: 0, max_tokens: 5 },
      }),
    );
    expect(answer.text).toBe(' sports');
  });

  it('stops a reply when its signal aborts, keeping what arrived', async () => {
    const ac = new AbortController();
    const request: TextRequest = {
      endpoint: 'completions',
      model: 'local-small',
      prompt: 'hi',
      sampling: { temperature: 0, max_tokens: 60 },
    };
    const full = await completeText(t.client, request);
    const got: string[] = [];
    let end: StreamChunk | null = null;
    for await (const chunk of streamText(t.client, request, { signal: ac.signal })) {
      if (chunk.type === 'delta') {
        got.push(chunk.text);
        ac.abort();
      } else end = chunk;
    }
    expect(got).toHaveLength(1);
    expect(full.startsWith(got.join(''))).toBe(true);
    expect(end).toMatchObject({ type: 'end', stopped: true });
  });

  it('waits out a 404 for a new model with a countdown, then answers', async () => {
    // The first request 404s as a just-finished model does; later ones reach the real server.
    let calls = 0;
    const client = new OpenAI({
      apiKey: t.server.apiKey,
      baseURL: t.server.baseURL,
      maxRetries: 0,
      fetch: async (input, init) => {
        calls++;
        if (calls === 1)
          return Response.json(
            {
              error: {
                message: 'model not found',
                type: 'invalid_request_error',
                param: 'model',
                code: 'model_not_found',
              },
            },
            { status: 404 },
          );
        return fetch(input, init);
      },
    });
    const ticks: number[] = [];
    const answer = await collect(
      streamText(
        client,
        {
          endpoint: 'completions',
          model: t.model,
          prompt: `garlic oven recipe chef${SEPARATOR}`,
          sampling: { temperature: 0, max_tokens: 5 },
        },
        { notReady: { delaysMs: [1000, 1000], onCountdown: (c) => ticks.push(c.secondsLeft) } },
      ),
    );
    expect(ticks).toEqual([1, 0]);
    expect(calls).toBe(2);
    expect(answer.text).toBe(' food');
  });

  it('fails with the 404 once the retries are used up', async () => {
    await expect(
      completeText(
        t.client,
        { endpoint: 'completions', model: 'ft:local-small:local:nope:zzz', prompt: 'x' },
        { notReady: { delaysMs: [10] } },
      ),
    ).rejects.toMatchObject({ status: 404 });
  });
});

describe('evaluation against the local provider', () => {
  it('reports the accuracy and confusion matrix one gets by querying the model directly', async () => {
    const examples = await readEvalExamples(TOPICS_VALID);
    const format = queryFormat(t.model, record, {}, 'completions');
    const session = await evaluate(t.client, {
      examples,
      models: [t.model],
      format,
      run: { concurrency: 4 },
    });
    const report = session.reports[0]?.report;
    if (report?.kind !== 'classification') throw new Error('expected a classification report');

    // Independently: every validation line, sent as is, one at a time.
    const lines = readFileSync(TOPICS_VALID, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { prompt: string; completion: string });
    let correct = 0;
    const pairs = [];
    for (const line of lines) {
      const reply = await t.client.completions.create({
        model: t.model,
        prompt: line.prompt,
        temperature: 0,
        max_tokens: session.maxTokens,
      });
      const text = reply.choices[0]?.text ?? '';
      if (text.trim() === line.completion.trim()) correct++;
      pairs.push({ expected: line.completion, predicted: text });
    }
    expect(report.n).toBe(200);
    expect(report.accuracy).toBe(correct / lines.length);
    expect(report.matrix).toEqual(scoreClassification(pairs).matrix);
    // The fixture's README: naive Bayes scores 0.945, the majority class 0.26.
    expect(report.accuracy).toBeGreaterThan(0.8);
    // The request eval sends for an example is the one replayed here.
    expect(evalRequest(examples[0]!, t.model, format, session.maxTokens)).toMatchObject({
      prompt: lines[0]?.prompt,
    });
  });

  it('scores the base model in the same run with --compare', async () => {
    const examples = (await readEvalExamples(TOPICS_VALID)).slice(0, 30);
    const format = queryFormat(t.model, record, {}, 'completions');
    const session = await evaluate(t.client, { examples, models: [t.model, 'local-small'], format });
    expect(session.reports.map((r) => r.model)).toEqual([t.model, 'local-small']);
    const [tuned, base] = session.reports.map((r) =>
      r.report.kind === 'classification' ? r.report.accuracy : -1,
    );
    expect(base).toBe(0);
    expect(tuned).toBeGreaterThan(0.7);
  });
});
