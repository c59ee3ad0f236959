/** Types of hostile-corpus.js (plain JavaScript, shared with the bench). */
export interface HostileCase {
  readonly name: string;
  readonly family: 'wide' | 'non-text' | 'chat' | 'controls' | 'special';
  readonly content?: string;
  /** Not a file's content: a named pipe, a directory, or a symbolic link to this device. */
  readonly special?: 'fifo' | 'directory' | '/dev/zero' | '/dev/urandom';
  readonly expect: 'ok' | 'error';
  /** For errors: what the one `error:` line must say. */
  readonly reason?: RegExp;
  /** For errors: the place it must name. */
  readonly at?: RegExp;
}

export function wideTable(
  columns: number,
  rows: number,
  options?: { delimiter?: string; name?: string | null; last?: boolean; seed?: number },
): string;
export function hostileCases(options?: { big?: boolean }): HostileCase[];
export function writeHostile(dir: string, cases: readonly HostileCase[]): string[];
