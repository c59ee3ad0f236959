import type { AppError } from '../../api/errors.js';
import type { FineTuningJob } from '../../api/jobs.js';

/**
 * A failed job's error in plain words: the API's code and message, the line or parameter at fault,
 * and what to do about it.
 */
export function failureAdvice(job: FineTuningJob): AppError {
  const error = job.error;
  const code = error?.code ?? '';
  const message = error?.message || 'The job failed without saying why.';
  const param = error?.param ?? undefined;
  let hint = 'Check the events below, fix the data or the settings, and start a new job.';
  if (/file|line|format|invalid_training|invalid_validation/i.test(`${code} ${param ?? ''}`)) {
    hint =
      'Fix the line named above in the prepared file (or prepare the data again with `fine-tune prepare`), then start a new job.';
  } else if (/quota|billing|limit/i.test(`${code} ${message}`)) {
    hint = 'Check the account limits and billing, then start the job again.';
  } else if (/server|internal/i.test(code)) {
    hint = "This was the provider's fault; starting the same job again usually works.";
  }
  return {
    kind: 'invalid',
    message: code ? `${code}: ${message}` : message,
    hint,
    retryable: false,
    ...(param ? { param } : {}),
  };
}
