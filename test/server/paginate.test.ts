import { describe, expect, it } from 'vitest';
import { ApiError } from '../../src/server/http/errors.js';
import { page } from '../../src/server/http/paginate.js';

// The page a list endpoint answers, and the 400s a client's loop reads to know which value was wrong
// (OpenAI's error object names the `param` and a `code`): paging itself is walked in paging.test.ts.

const items = [{ id: 'a' }, { id: 'b' }, { id: 'c' }];
const query = (q: Record<string, string>) => new URLSearchParams(q);

function refusal(q: Record<string, string>): ApiError {
  try {
    page(items, query(q), 2);
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('not refused');
}

describe('page', () => {
  it('answers a list object with its first and last ids', () => {
    expect(page(items, query({}), 2)).toEqual({
      object: 'list',
      data: [{ id: 'a' }, { id: 'b' }],
      has_more: true,
      first_id: 'a',
      last_id: 'b',
    });
  });

  it('names the limit when it is out of range, and the cursor when the list never held it', () => {
    for (const limit of ['0', '101', '1.5', 'ten']) {
      expect(refusal({ limit })).toMatchObject({ status: 400, param: 'limit', code: 'invalid_value' });
    }
    expect(refusal({ after: 'zzz' })).toMatchObject({ status: 400, param: 'after', code: 'invalid_value' });
    expect(refusal({ after: 'zzz' }).message).toBe(
      "Invalid value for 'after': 'zzz' is not the id of an item in this list.",
    );
  });
});
