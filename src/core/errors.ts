/**
 * Errors meant for the person at the terminal: one clear line, no stack trace.
 * Anything else that escapes is a bug and is reported as such.
 */
export class UserError extends Error {
  override readonly name: string = 'UserError';
  constructor(
    message: string,
    /** 1: a data or service problem; 2: the command was used wrongly. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(message);
  }
}

export class UsageError extends UserError {
  override readonly name = 'UsageError';
  constructor(message: string) {
    super(message, 2);
  }
}

/** Exhaustiveness guard for switches over tagged unions. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${JSON.stringify(value)}`);
}
