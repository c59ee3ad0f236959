import { describe, expect, it } from 'vitest';
import { UserError } from '../../src/core/errors.js';
import { asFileError, FileError } from '../../src/core/file-errors.js';

const systemError = (code: string): NodeJS.ErrnoException =>
  Object.assign(new Error(`${code}: something, open '/x/.tmp'`), { code, syscall: 'open', path: '/x/.tmp' });

describe('file errors', () => {
  it.each([
    ['EACCES', 'write', 'out/a.jsonl', 'cannot write out/a.jsonl: permission denied'],
    ['EROFS', 'write', 'out/a.jsonl', 'cannot write out/a.jsonl: the file system is read-only'],
    ['ENOSPC', 'write', 'a.jsonl', 'cannot write a.jsonl: the disk is full'],
    ['EACCES', 'read', 'in.csv', 'cannot read in.csv: permission denied'],
    ['EWEIRD', 'read', 'in.csv', 'cannot read in.csv: system error EWEIRD'],
  ] as const)('%s on %s says what, where and why', (code, action, path, message) => {
    const error = asFileError(systemError(code), action, path);
    expect(error).toBeInstanceOf(FileError);
    expect((error as FileError).message).toBe(message);
  });

  it('leaves errors that are not system errors, and user errors, as they are', () => {
    const bug = new TypeError('x is undefined');
    expect(asFileError(bug, 'write', 'a')).toBe(bug);
    const said = new UserError('already said');
    expect(asFileError(said, 'write', 'a')).toBe(said);
    const coded = Object.assign(new Error('odd'), { code: 'ERR_SOMETHING' });
    expect(asFileError(coded, 'write', 'a')).toBe(coded);
  });
});
