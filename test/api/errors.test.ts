import { APIConnectionError, APIError } from 'openai';
import { describe, expect, it } from 'vitest';
import { scrubSecrets, toAppError, toUserError } from '../../src/api/errors.js';

const apiError = (status: number, message: string, extra: Record<string, unknown> = {}) =>
  APIError.generate(
    status,
    { error: { message, type: 'x', param: null, code: null, ...extra } },
    undefined,
    new Headers(),
  );

describe('error mapping', () => {
  it('says a 403/404 on job creation means fine-tuning is not available, and where to train instead', () => {
    for (const status of [403, 404]) {
      const app = toAppError(apiError(status, 'no access'), 'create-job');
      expect(app.kind).toBe('not-available');
      expect(app.hint).toMatch(/another provider \(azure, nebius or together.*--provider local/);
    }
    // Anywhere else, a 403 is a missing permission, not the wind-down.
    expect(toAppError(apiError(403, 'no access'), 'job').hint).toMatch(/lacks the permission/);
  });

  it('treats a 404 right after success as a model that is not ready yet, worth retrying', () => {
    const app = toAppError(apiError(404, 'model not found'), 'model-after-success');
    expect(app).toMatchObject({ kind: 'model-not-ready', retryable: true });
    expect(app.hint).toMatch(/few minutes/);
  });

  it('ends the API message as a sentence before the hint, and says who may delete a model', () => {
    const missing = toUserError(toAppError(apiError(404, 'Could not find fine tune: ftjob-x'), 'job'));
    expect(missing.message).toMatch(/^Not found: Could not find fine tune: ftjob-x\. Check the id/);
    const base = toAppError(apiError(403, 'You cannot delete local-small.'), 'model');
    expect(base.message).toBe('Not allowed: You cannot delete local-small.');
    expect(base.hint).toMatch(/^Only your own fine-tuned models can be deleted/);
    expect(toAppError(apiError(403, 'no'), 'job').hint).toBe(
      'This key or role lacks the permission for this request.',
    );
  });

  it('maps rate limits, server errors and network trouble to retryable kinds', () => {
    expect(toAppError(apiError(429, 'slow down'))).toMatchObject({ kind: 'rate-limited', retryable: true });
    expect(toAppError(apiError(429, 'quota', { code: 'insufficient_quota' })).retryable).toBe(false);
    expect(toAppError(apiError(503, 'busy'))).toMatchObject({ kind: 'server', retryable: true });
    expect(toAppError(new APIConnectionError({ message: 'ECONNREFUSED' }))).toMatchObject({
      kind: 'network',
      retryable: true,
    });
  });

  it('tells what to do once a rate limit is final, with the wait the API asked for', () => {
    const withHeader = APIError.generate(
      429,
      { error: { message: 'slow down', type: 'x', param: null, code: null } },
      undefined,
      new Headers({ 'retry-after': '20' }),
    );
    expect(toAppError(withHeader).hint).toBe('The API asks to wait 20 s; try again then.');
    expect(toAppError(apiError(429, 'slow down')).hint).toBe('Wait a little and try again.');
  });

  it('keeps the API message and the field at fault for validation errors', () => {
    const app = toAppError(apiError(400, 'suffix is too long', { param: 'suffix' }));
    expect(app).toMatchObject({ kind: 'invalid', param: 'suffix', retryable: false });
    expect(app.message).toBe('suffix is too long (field: suffix)');
    expect(toUserError(app).exitCode).toBe(1);
  });

  it('never lets a key through, even when the API echoes it', () => {
    const key = 'sk-proj-abcdefghijklmnop1234';
    const app = toAppError(apiError(401, `Incorrect API key provided: ${key}`));
    expect(app.kind).toBe('auth');
    const invalid = toAppError(apiError(400, `bad header Bearer ${key}`));
    expect(invalid.message).not.toContain(key);
    expect(scrubSecrets('token custom-key-99999999 here', ['custom-key-99999999'])).toBe(
      'token [redacted] here',
    );
  });
});
