/** Errors answered as the service does: `{"error": {message, type, param, code}}` with its status. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string = 'invalid_request_error',
    readonly param: string | null = null,
    readonly code: string | null = null,
  ) {
    super(message);
  }

  body(): { error: { message: string; type: string; param: string | null; code: string | null } } {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export function invalid(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(400, message, 'invalid_request_error', param, code);
}

export function notFound(message: string, param: string | null = null, code: string | null = null): ApiError {
  return new ApiError(404, message, 'invalid_request_error', param, code);
}

export function missing(param: string): ApiError {
  return invalid(`Missing required parameter: '${param}'.`, param, 'missing_required_parameter');
}

export function modelNotFound(model: string): ApiError {
  return notFound(
    `The model \`${model}\` does not exist or you do not have access to it.`,
    null,
    'model_not_found',
  );
}

/** As the service answers an unknown job id (its code and param still say "fine tune"). */
export function jobNotFound(id: string): ApiError {
  return notFound(`Could not find fine tune: ${id}`, 'fine_tune_id', 'fine_tune_not_found');
}
