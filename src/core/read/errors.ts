import { UserError } from '../errors.js';

/** The error ids of docs/prepare-checks.md, "Reading": what stops preparation before any fix is proposed. */
export type DataErrorId =
  | 'file-not-found'
  | 'unreadable-file'
  | 'unsupported-format'
  | 'invalid-file'
  | 'no-examples'
  | 'missing-column'
  | 'identical-prompts'
  | 'identical-completions';

/**
 * A problem with the user's data: one line naming the file and, when known, the line or row at fault.
 * It is a `UserError`, so the CLI prints it without a stack trace and exits 1.
 */
export class DataError extends UserError {
  override readonly name = 'DataError';
  constructor(
    readonly id: DataErrorId,
    message: string,
    /** Source position (JSONL/TXT line, CSV/TSV/XLSX row) at fault, when there is one. */
    readonly position?: number,
  ) {
    super(message, 1);
  }
}

/** Shortens a value for an error line: one line, at most `max` characters. */
export function excerpt(text: string, max = 60): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
}
