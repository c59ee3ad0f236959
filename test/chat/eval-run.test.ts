import { describe, expect, it } from 'vitest';
import { runEval } from '../../src/api/eval-run.js';
import { fakeClient } from './fake-api.js';

const format = { endpoint: 'completions' as const, separator: ' ->', stop: ['\n'], systemPrompt: null };
const examples = ['a', 'b', 'c', 'd', 'e'].map((prompt) => ({
  endpoint: 'completions' as const,
  prompt,
  expected: ' x',
}));

describe('runEval', () => {
  it('backs off on 429 and still answers every example, in order', async () => {
    const { client, calls } = fakeClient((call, i) =>
      i < 2 ? { status: 429 } : { chunks: [` answer-${String(call.body.prompt)}`] },
    );
    const waits: number[] = [];
    const progress: number[] = [];
    const answers = await runEval(client, examples, {
      model: 'ft:m',
      format,
      maxTokens: 3,
      concurrency: 2,
      backoffBaseMs: 1,
      onBackoff: (ms) => waits.push(ms),
      onProgress: (done) => progress.push(done),
    });
    expect(answers).toEqual(['a', 'b', 'c', 'd', 'e'].map((p) => ` answer-${p} ->`));
    expect(waits).toHaveLength(2);
    expect(progress).toEqual([1, 2, 3, 4, 5]);
    expect(calls).toHaveLength(7);
    expect(calls[2]?.body).toMatchObject({ temperature: 0, max_tokens: 3, stop: ['\n'] });
  });

  it('waits for a model that is not served yet with the first example alone, then runs the rest', async () => {
    const { client, calls } = fakeClient((_call, i) => (i === 0 ? { status: 404 } : { chunks: [' x'] }));
    const ticks: number[] = [];
    const answers = await runEval(client, examples, {
      model: 'ft:m',
      format,
      maxTokens: 1,
      concurrency: 4,
      notReady: { delaysMs: [5], onCountdown: (c) => ticks.push(c.secondsLeft) },
    });
    expect(answers).toEqual(examples.map(() => ' x'));
    expect(calls.map((c) => c.body.prompt)).toEqual(['a ->', 'a ->', 'b ->', 'c ->', 'd ->', 'e ->']);
    expect(ticks).toEqual([1, 0]);
  });

  it('keeps at most `concurrency` requests in flight', async () => {
    let inFlight = 0;
    let most = 0;
    const { client } = fakeClient(() => ({ chunks: [' x'] }));
    // Count requests between their start and their answer.
    const original = client.completions.create.bind(client.completions);
    client.completions.create = ((...args: Parameters<typeof original>) => {
      inFlight++;
      most = Math.max(most, inFlight);
      const result = original(...args);
      void Promise.resolve(result).finally(() => inFlight--);
      return result;
    }) as typeof original;
    await runEval(client, [...examples, ...examples], { model: 'm', format, maxTokens: 1, concurrency: 3 });
    expect(most).toBeLessThanOrEqual(3);
    expect(most).toBeGreaterThan(1);
  });
});
