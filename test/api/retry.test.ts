import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import {
  retryAfterMs,
  retryWaitMs,
  withNotReadyRetry,
  withRetries,
  type Countdown,
} from '../../src/api/retry.js';

const error = (status: number, headers: Record<string, string> = {}, code?: string) =>
  APIError.generate(
    status,
    { error: { message: `status ${status}`, ...(code ? { code } : {}) } },
    undefined,
    new Headers(headers),
  );

/** How many times `withRetries` calls a request that always fails with `failure`. */
async function callsFor(failure: unknown): Promise<number> {
  let calls = 0;
  await withRetries(
    async () => {
      calls += 1;
      throw failure;
    },
    { attempts: 3, baseMs: 1 },
  ).catch(() => undefined);
  return calls;
}

describe('the retry policy', () => {
  it('retries 408, 409, 429, 5xx and network trouble up to the bound', async () => {
    for (const status of [408, 409, 429, 500, 502, 503])
      expect(await callsFor(error(status)), String(status)).toBe(3);
    expect(await callsFor(new APIConnectionError({ message: 'reset' }))).toBe(3);
  });

  it('never retries another 4xx, nor a 429 that says the quota is spent', async () => {
    for (const status of [400, 401, 403, 404, 422])
      expect(await callsFor(error(status)), String(status)).toBe(1);
    expect(await callsFor(error(429, {}, 'insufficient_quota'))).toBe(1);
  });

  it('returns the first success and tells each wait before it starts', async () => {
    let calls = 0;
    const waits: Array<[number, number]> = [];
    const value = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw error(calls === 1 ? 429 : 503, calls === 1 ? { 'retry-after-ms': '7' } : {});
        return 'ok';
      },
      { attempts: 4, baseMs: 1, onWait: (ms, retry) => waits.push([ms, retry]) },
    );
    expect([value, calls]).toEqual(['ok', 3]);
    // The 429's own wait, then backoff from 1 ms (with jitter: between half and all of 2 ms).
    expect(waits[0]).toEqual([7, 1]);
    expect(waits[1]?.[1]).toBe(2);
    expect(waits[1]?.[0]).toBeGreaterThanOrEqual(1);
    expect(waits[1]?.[0]).toBeLessThanOrEqual(2);
  });

  it('honours the wait a 429 asks for, capped at a minute, and backs off otherwise', () => {
    expect(retryAfterMs(error(429, { 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(error(429, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(error(429, { 'retry-after': '600' }))).toBe(60_000);
    expect(retryAfterMs(error(500))).toBeNull();
    expect(retryWaitMs(error(429, { 'retry-after': '3' }), 5, { baseMs: 1 })).toBe(3000);
    const backoff = retryWaitMs(error(500), 3, { baseMs: 100, capMs: 500 });
    expect(backoff).toBeGreaterThanOrEqual(250);
    expect(backoff).toBeLessThanOrEqual(500);
  });
});

describe('a new model that is not served yet', () => {
  it('retries its 404 on the schedule given, counting down, then gives up with the 404', async () => {
    let calls = 0;
    const ticks: Countdown[] = [];
    const answer = await withNotReadyRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw error(404);
        return 'hello';
      },
      { delaysMs: [1, 1, 1], onCountdown: (c) => ticks.push(c) },
    );
    expect([answer, calls]).toEqual(['hello', 3]);
    expect(ticks.filter((t) => t.secondsLeft === 0).map((t) => t.attempt)).toEqual([1, 2]);
    calls = 0;
    const failure = await withNotReadyRetry(
      async () => {
        calls += 1;
        throw error(404);
      },
      { delaysMs: [1, 1] },
    ).catch((e: unknown) => e);
    expect([(failure as APIError).status, calls]).toEqual([404, 3]);
  });

  it('is never retried without a schedule (a mistyped model id), nor for another error', async () => {
    let calls = 0;
    await withNotReadyRetry(async () => {
      calls += 1;
      throw error(404);
    }, undefined).catch(() => undefined);
    await withNotReadyRetry(
      async () => {
        calls += 1;
        throw error(400);
      },
      { delaysMs: [1] },
    ).catch(() => undefined);
    expect(calls).toBe(2);
  });
});
