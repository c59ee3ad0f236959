import { UserError } from './errors.js';

/**
 * A file the program could not read or write, said as a person would: what, where and why
 * ("cannot write out/data_prepared.jsonl: permission denied"), never a bare `EACCES … .tmp`.
 */
export class FileError extends UserError {
  override readonly name = 'FileError';
  constructor(
    readonly action: FileAction,
    readonly path: string,
    readonly code: string,
  ) {
    super(`cannot ${action} ${path}: ${reasonOf(code)}`, 1);
  }
}

export type FileAction = 'read' | 'write' | 'create the folder' | 'open';

const REASONS: Readonly<Record<string, string>> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'it is a directory',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EEXIST: 'a file of that name is in the way',
  ENAMETOOLONG: 'the name is too long for the file system',
  EROFS: 'the file system is read-only',
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EFBIG: 'the file is too large for the file system',
  ELOOP: 'too many levels of symbolic links',
  EIO: 'an input/output error (a failing disk or a lost network drive)',
  EMFILE: 'too many files are open',
  ENFILE: 'too many files are open',
  EBUSY: 'the file is busy',
  ETXTBSY: 'the file is busy',
  EXDEV: 'the temporary file and the target are on different file systems',
};

/** A system error code in words (the code itself when it is an unusual one). */
export function reasonOf(code: string): string {
  return REASONS[code] ?? `system error ${code}`;
}

/** The code of a Node system error (`ENOENT`, `EACCES`, …), or null for anything else. */
export function systemCode(error: unknown): string | null {
  if (!(error instanceof Error) || !('code' in error)) return null;
  const code = (error as NodeJS.ErrnoException).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code) ? code : null;
}

/**
 * `error` as a `FileError` naming `path` when it is a system error, else `error` itself: for the
 * places that read or write a file the user named (or one the program writes for them).
 */
export function asFileError(error: unknown, action: FileAction, path: string): unknown {
  if (error instanceof UserError) return error;
  const code = systemCode(error);
  return code === null ? error : new FileError(action, path, code);
}
