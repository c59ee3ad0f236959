import { ApiError } from '../../src/server/http/errors.js';

/** The typed API error `run` throws (any other error is rethrown); fails when it throws nothing. */
export function refusal(run: () => unknown): ApiError {
  try {
    run();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}
