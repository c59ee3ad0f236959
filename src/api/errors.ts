import {
  APIConnectionError,
  APIError,
  APIUserAbortError,
  AuthenticationError,
  NotFoundError,
  PermissionDeniedError,
  RateLimitError,
} from 'openai';
import { UserError } from '../core/errors.js';
import type { DataFormat } from '../core/findings.js';
import type { ProviderProfile } from './providers/profile.js';

/**
 * The one place that turns SDK and network failures into plain words (STYLE rule 6).
 * Screens render an `AppError`; commands throw `toUserError(...)`.
 */
export type AppErrorKind =
  | 'auth'
  | 'not-available'
  | 'not-found'
  | 'model-not-ready'
  | 'rate-limited'
  | 'server'
  | 'network'
  | 'invalid'
  | 'conflict'
  | 'cancelled'
  | 'unknown';

export interface AppError {
  readonly kind: AppErrorKind;
  readonly message: string;
  readonly hint: string;
  /** True when trying again later may well work (the follow engine and retries use it). */
  readonly retryable: boolean;
  readonly status?: number;
  /** The request field at fault, as the API named it. */
  readonly param?: string;
}

/** What was being attempted, which changes what a 403/404 means. */
export type ErrorContext = 'create-job' | 'job' | 'model' | 'model-after-success' | 'upload' | 'other';

/** What the caller knows that changes the words (the data's format picks the alternatives). */
export interface ErrorExtra {
  readonly dataFormat?: DataFormat | null;
}

/** The provider a failure came from (a connection passes its row and what else is configured). */
export interface ProviderErrorInfo extends ErrorExtra {
  readonly profile: ProviderProfile;
  /** Other configured providers that can train the same data, in words ('' when none). */
  readonly alternatives: string;
}

// OpenAI's deprecations page: blocked organisations get `403 training_not_available`; every
// organisation loses job creation on 2027-01-06.
const CLOSED_CODES = new Set(['training_not_available']);

/** Where to train instead: the providers configured here, or how to configure one. */
function elsewhere(info: ProviderErrorInfo | undefined): string {
  if (info !== undefined && info.alternatives !== '') {
    const first = /^(\w+)/.exec(info.alternatives)?.[1] ?? 'local';
    return `Configured here and able to train this data now: ${info.alternatives}; run the same command with --provider ${first}.`;
  }
  return 'Set a key for another provider (azure, nebius or together: see docs/providers.md), or train on this machine with --provider local.';
}

/** Removes anything that looks like a secret: bearer tokens and `sk-…`-style keys. */
export function scrubSecrets(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const secret of secrets) if (secret.length >= 8) out = out.split(secret).join('[redacted]');
  return out
    .replace(/\b(Bearer|api-key:?)\s+[A-Za-z0-9._~+/=-]{8,}/gi, '$1 [redacted]')
    .replace(/\b(sk|rk|ftl)-[A-Za-z0-9_-]{6,}/g, '[redacted]');
}

function apiMessage(error: APIError): string {
  const body = error.error as { message?: unknown } | undefined;
  const raw = typeof body?.message === 'string' ? body.message : error.message;
  return raw.replace(/^\d{3}\s+/, '');
}

/** The API's messages do not always end a sentence; ours are followed by a hint, so they must. */
function sentence(text: string): string {
  const trimmed = text.trimEnd();
  return trimmed === '' || /[.!?:)\]]$/.test(trimmed) ? trimmed : `${trimmed}.`;
}

/** Whole seconds from the `retry-after` header (when it is a number), else null. */
function retryAfterSeconds(error: APIError): number | null {
  const seconds = Number(error.headers?.get('retry-after') ?? Number.NaN);
  return Number.isFinite(seconds) && seconds > 0 ? Math.ceil(seconds) : null;
}

/**
 * The API answered 200 with something that is not the JSON (or the event stream) the request asks for:
 * an HTML page from a proxy, a login portal, a base URL that is not an API.
 */
export class NotJsonAnswerError extends Error {
  override readonly name = 'NotJsonAnswerError';
  constructor(what = 'an answer') {
    super(`the API answered with something that is not JSON where ${what} was expected`);
  }
}

/** A failure already put into words (with the right context), carried up to whoever shows it. */
export class ExplainedError extends Error {
  override readonly name = 'ExplainedError';
  constructor(readonly appError: AppError) {
    super(appError.message);
  }
}

export function toAppError(
  error: unknown,
  context: ErrorContext = 'other',
  scrub: (text: string) => string = (text) => scrubSecrets(text),
  info?: ProviderErrorInfo,
): AppError {
  const make = (e: AppError): AppError => ({
    ...e,
    message: scrub(sentence(e.message)),
    hint: scrub(e.hint),
  });
  if (error instanceof ExplainedError) return error.appError;
  if (error instanceof APIUserAbortError || (error instanceof Error && error.name === 'AbortError')) {
    return make({ kind: 'cancelled', message: 'Stopped.', hint: '', retryable: false });
  }
  // The SDK parses a body labelled JSON with JSON.parse: a web page under that label is a SyntaxError.
  if (error instanceof NotJsonAnswerError || error instanceof SyntaxError) {
    return make({
      kind: 'server',
      message: 'The API answered with something that is not JSON.',
      hint: 'Check the base URL (--base-url, OPENAI_BASE_URL): it may point at a web page or a proxy instead of the API.',
      retryable: true,
    });
  }
  if (error instanceof APIConnectionError) {
    return make({
      kind: 'network',
      message: 'Could not reach the API (network trouble or the server is down).',
      hint: 'Check the connection or the base URL, then try again.',
      retryable: true,
    });
  }
  if (!(error instanceof APIError)) {
    const message = error instanceof Error ? error.message : String(error);
    return make({ kind: 'unknown', message, hint: '', retryable: false });
  }
  const status = error.status ?? 0;
  const param = error.param ?? undefined;
  const detail = apiMessage(error);
  const base = { status, ...(param ? { param } : {}) };
  if (error instanceof AuthenticationError) {
    return make({
      ...base,
      kind: 'auth',
      message: `The API key was rejected${info ? ` by ${info.profile.label}` : ''}.`,
      hint:
        info && info.profile.keyVars.length > 0
          ? `Check ${info.profile.keyVars.join(' or ')} and that it belongs to this account.`
          : 'Check OPENAI_API_KEY (or the key variable of the provider in use: docs/providers.md) and that it belongs to this project.',
      retryable: false,
    });
  }
  const code = typeof error.code === 'string' ? error.code : '';
  const closedCodes = new Set([...CLOSED_CODES, ...(info?.profile.trainingClosedCodes ?? [])]);
  if (error instanceof PermissionDeniedError && closedCodes.has(code)) {
    // The wind-down: one line on what happened and where the same data trains now.
    return make({
      ...base,
      kind: 'not-available',
      message: `${info?.profile.label ?? 'The provider'} no longer lets this account create fine-tuning jobs (${code}).`,
      hint: elsewhere(info),
      retryable: false,
    });
  }
  if (
    context === 'create-job' &&
    (error instanceof PermissionDeniedError || error instanceof NotFoundError)
  ) {
    return make({
      ...base,
      kind: 'not-available',
      message: `Fine-tuning is not available to this account or for this model: ${detail}`,
      hint: elsewhere(info),
      retryable: false,
    });
  }
  if (error instanceof PermissionDeniedError) {
    return make({
      ...base,
      kind: 'not-available',
      message: `Not allowed: ${detail}`,
      hint:
        context === 'model'
          ? 'Only your own fine-tuned models can be deleted, and on OpenAI that needs the organisation Owner role.'
          : 'This key or role lacks the permission for this request.',
      retryable: false,
    });
  }
  if (error instanceof NotFoundError) {
    if (context === 'model-after-success') {
      return make({
        ...base,
        kind: 'model-not-ready',
        message: 'The new model is not ready to answer yet.',
        hint: 'A fine-tuned model can answer 404 for a few minutes after its job succeeds; try again shortly.',
        retryable: true,
      });
    }
    const what = context === 'job' ? 'job' : context === 'model' ? 'model' : 'resource';
    return make({
      ...base,
      kind: 'not-found',
      message: `Not found: ${detail}`,
      hint:
        what === 'job'
          ? 'Check the id with `fine-tune jobs list` (and the provider: jobs live with the provider that ran them).'
          : 'Check the name with `fine-tune models list`.',
      retryable: false,
    });
  }
  if (error instanceof RateLimitError) {
    const quota = error.code === 'insufficient_quota';
    // Shown once the retries are spent (a command's last line, a screen's error box): say what to
    // do, not that a retry is under way.
    const wait = retryAfterSeconds(error);
    const later =
      wait === null ? 'Wait a little and try again.' : `The API asks to wait ${wait} s; try again then.`;
    return make({
      ...base,
      kind: 'rate-limited',
      message: quota ? `Out of quota: ${detail}` : 'Rate limited by the API.',
      hint: quota ? 'Check the billing settings of the account.' : later,
      retryable: !quota,
    });
  }
  if (status >= 500) {
    return make({
      ...base,
      kind: 'server',
      message: `The API had a problem (${status}).`,
      hint: 'This is usually temporary; try again in a moment.',
      retryable: true,
    });
  }
  // A timeout (408) and a conflicting concurrent request (409) pass: the same request may succeed
  // when sent again, as the SDK's own retries assume.
  if (status === 408) {
    return make({
      ...base,
      kind: 'server',
      message: 'The API timed out (408).',
      hint: 'This is usually temporary; try again in a moment.',
      retryable: true,
    });
  }
  if (status === 409) {
    return make({
      ...base,
      kind: 'conflict',
      message: detail,
      hint: 'Try again in a moment.',
      retryable: true,
    });
  }
  // Azure refuses a training type a model lacks ("Standard TrainingType is not supported").
  const typeOption = info?.profile.createOptions.find((o) => o.key === 'trainingType');
  const wrongType = typeOption !== undefined && (param === 'trainingType' || /training ?type/i.test(detail));
  return make({
    ...base,
    kind: 'invalid',
    message: param ? `${detail} (field: ${param})` : detail,
    hint: wrongType
      ? `Choose another training type (${typeOption.choices.join(', ')}) in the model step or with ${typeOption.flag}.`
      : 'Fix the request and try again.',
    retryable: false,
  });
}

/** Whether a failure is worth retrying (rate limits, 5xx, connection trouble). */
export function isRetryable(error: unknown): boolean {
  return toAppError(error).retryable;
}

/** The one-line form for commands (the CLI prints it as `error: …`). */
export function toUserError(error: AppError): UserError {
  return new UserError(error.hint ? `${error.message} ${error.hint}` : error.message);
}
