import { APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { toAppError } from '../../src/api/errors.js';
import { retryAfterMs, retryWhileModelWarms, withRetries } from '../../src/api/retry.js';

const error = (status: number, headers: Record<string, string> = {}) =>
  APIError.generate(status, { error: { message: `status ${status}` } }, undefined, new Headers(headers));

describe('retries', () => {
  it('retries rate limits and server errors, not validation errors', async () => {
    let calls = 0;
    const value = await withRetries(
      async () => {
        calls += 1;
        if (calls < 3) throw error(calls === 1 ? 429 : 503);
        return 'ok';
      },
      { attempts: 4, baseMs: 1 },
    );
    expect([value, calls]).toEqual(['ok', 3]);
    calls = 0;
    await expect(
      withRetries(
        async () => {
          calls += 1;
          throw error(400);
        },
        { attempts: 4, baseMs: 1 },
      ),
    ).rejects.toThrow('status 400');
    expect(calls).toBe(1);
  });

  it('honours the wait a 429 asks for', () => {
    expect(retryAfterMs(error(429, { 'retry-after-ms': '250' }))).toBe(250);
    expect(retryAfterMs(error(429, { 'retry-after': '2' }))).toBe(2000);
    expect(retryAfterMs(error(500))).toBeNull();
  });

  it('waits for a new model that still answers 404, then gives up after the timeout', async () => {
    let calls = 0;
    const waits: number[] = [];
    const answer = await retryWhileModelWarms(
      async () => {
        calls += 1;
        if (calls < 3) throw error(404);
        return 'hello';
      },
      { intervalMs: 1, onWaiting: (ms) => waits.push(ms) },
    );
    expect([answer, waits.length]).toEqual(['hello', 2]);
    const failure = await retryWhileModelWarms(
      async () => {
        throw error(404);
      },
      { intervalMs: 5, timeoutMs: 20 },
    ).catch((e: unknown) => e);
    expect(toAppError(failure, 'model-after-success').kind).toBe('model-not-ready');
  });
});
